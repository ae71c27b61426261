package dev.neuronwatch.server.http;

import io.javalin.Javalin;

/**
 * The HTTP face of the server: the Javalin app with every route and the JSON error mapping, created
 * unstarted. Javalin stays inside this package; callers see only start, stop and port.
 *
 * <pre>{@code
 * HttpApi api = new HttpApi("127.0.0.1", 0, 1 << 20, ingest, alerts, runs, metrics);
 * api.start();
 * int port = api.port();
 * api.stop();
 * }</pre>
 */
public final class HttpApi {
  private final Javalin app;
  private final String address;

  public HttpApi(
      String host,
      int port,
      int maxBodyBytes,
      IngestController ingest,
      AlertsController alerts,
      RunsController runs,
      MetricsController metrics) {
    address = host + ":" + port;
    app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              config.http.maxRequestSize = maxBodyBytes;
              config.http.prefer405over404 = true;
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.startup.startupWatcherEnabled = false;
              config.routes.post(IngestController.PATH, ingest::push);
              config.routes.get(AlertsController.PATH, alerts::list);
              config.routes.get(RunsController.PATH, runs::list);
              config.routes.get(MetricsController.PATH, metrics::scrape);
              config.routes.get("/health", ctx -> JsonResponse.write(ctx, 200, new Health("ok")));
              ErrorMapping.register(config.routes);
            });
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws IllegalStateException when the server cannot start, e.g. the port is taken
   */
  public void start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot serve on " + address + ": " + e.getMessage(), e);
    }
  }

  /** Stops serving; harmless when already stopped. */
  public void stop() {
    app.stop();
  }

  /** The bound port, once started. */
  public int port() {
    return app.port();
  }

  /** The body of {@code GET /health}. */
  public record Health(String status) {}
}
