package dev.neuronwatch.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request the server answers as {@code http.server.requests} (rendered {@code
 * http_server_requests_seconds}), tagged with the method, the matched route template (never the raw
 * path, so run names cannot grow the series: {@code /api/v1/runs/<run>/series}; {@code STATIC} for
 * the page's files, {@code NOT_FOUND} for a refused request that matched no route), the status and
 * its class ({@code outcome}: SUCCESS, CLIENT_ERROR, ...), as Spring and Micrometer's own HTTP
 * instrumentation name them.
 *
 * <pre>{@code
 * HttpMetrics metrics = new HttpMetrics(registry);
 * config.requestLogger.http(metrics::record);
 * }</pre>
 */
final class HttpMetrics {
  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(Context ctx, Float millis) {
    int status = ctx.statusCode();
    Timer.builder("http.server.requests")
        .description("HTTP requests the server answered")
        .tag("method", ctx.method().name())
        .tag("uri", route(ctx, status))
        .tag("status", Integer.toString(status))
        .tag("outcome", outcome(status))
        .register(registry)
        .record((long) (millis * 1_000_000.0), TimeUnit.NANOSECONDS);
  }

  private static String route(Context ctx, int status) {
    Endpoint endpoint = matched(ctx);
    if (endpoint != null) {
      return endpoint.path;
    }
    return status < 400 ? "STATIC" : "NOT_FOUND";
  }

  private static Endpoint matched(Context ctx) {
    try {
      return ctx.endpoints().matchedHttpEndpoint();
    } catch (RuntimeException e) {
      // No route matched: a static file, or nothing.
      return null;
    }
  }

  private static String outcome(int status) {
    if (status < 200) {
      return "INFORMATIONAL";
    }
    if (status < 300) {
      return "SUCCESS";
    }
    if (status < 400) {
      return "REDIRECTION";
    }
    return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
  }
}
