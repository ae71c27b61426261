package dev.neuronwatch.server.http;

import dev.neuronwatch.protocol.Protocol;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the server: the Javalin app with every route, the bearer-token guards and the
 * JSON error mapping, created unstarted. Javalin stays inside this package; callers see only start,
 * stop and port.
 *
 * <p>Stopping is graceful: the server stops accepting connections, lets the requests in flight
 * finish for up to the shutdown timeout, then closes what is left. Idle keep-alive connections are
 * closed after Jetty's one-second shutdown idle timeout, so a stop with such clients takes about a
 * second; a shutdown timeout of 0 stops at once.
 *
 * <pre>{@code
 * HttpApi api = new HttpApi(new HttpApi.Listen("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(5),
 *     Duration.ofSeconds(10), 64),
 *     BearerAuth.of(readToken), BearerAuth.of(writeToken), ingest, alerts, runs, metrics, series,
 *     registry);
 * api.start();
 * int port = api.port();
 * api.stop();
 * }</pre>
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final Javalin app;
  private final String address;
  private final GracefulHandler graceful = new GracefulHandler();

  /**
   * @param reads guards {@code /metrics}, {@code /api/v1/alerts}, {@code /api/v1/runs} and the
   *     series
   * @param writes guards run deletion (the ingest controller guards pushes itself)
   * @param series serves the run histories, guarded by {@code reads}
   * @param registry receives the HTTP request timings ({@link HttpMetrics})
   */
  public HttpApi(
      Listen listen,
      BearerAuth reads,
      BearerAuth writes,
      IngestController ingest,
      AlertsController alerts,
      RunsController runs,
      MetricsController metrics,
      SeriesController series,
      MeterRegistry registry) {
    HttpMetrics httpMetrics = new HttpMetrics(registry);
    address = listen.host() + ":" + listen.port();
    app =
        Javalin.create(
            config -> {
              config.jetty.host = listen.host();
              config.jetty.port = listen.port();
              config.jetty.modifyServer(
                  server -> {
                    server.insertHandler(
                        new PushBodyBuffer(
                            Protocol.PUSH_PATH,
                            listen.maxBodyBytes(),
                            listen.bodyReadTimeout(),
                            writes,
                            ingest::rejected));
                    server.insertHandler(new RequestScreen(ingest::rejected));
                    // Outermost, so that a stop also waits for bodies still arriving.
                    server.insertHandler(graceful);
                    server.setErrorHandler(new JsonErrorHandler(ingest::rejected));
                    server.setStopTimeout(listen.shutdownTimeout().toMillis());
                    ConnectionsPerAddress perAddress =
                        new ConnectionsPerAddress(
                            listen.maxConnectionsPerAddress(), ingest::rejected);
                    // Javalin adds its connector just before starting the server.
                    server.addEventListener(
                        new LifeCycle.Listener() {
                          @Override
                          public void lifeCycleStarting(LifeCycle event) {
                            for (Connector connector : server.getConnectors()) {
                              connector.addBean(perAddress);
                            }
                          }
                        });
                  });
              config.http.maxRequestSize = listen.maxBodyBytes();
              config.http.prefer405over404 = true;
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.startup.startupWatcherEnabled = false;
              config.routes.post(Protocol.PUSH_PATH, ingest::push);
              config.routes.get(AlertsController.PATH, reads.guard(alerts::list));
              config.routes.get(RunsController.PATH, reads.guard(runs::list));
              config.routes.delete(RunsController.RUN_PATH, writes.guard(runs::delete));
              config.routes.get(MetricsController.PATH, reads.guard(metrics::scrape));
              config.routes.get(SeriesController.PATH, reads.guard(series::series));
              PageRoutes.register(config);
              config.requestLogger.http(httpMetrics::record);
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

  /**
   * Stops serving, gracefully within the shutdown timeout; harmless when already stopped. Requests
   * still running when the timeout ends are cut off, which is logged, not thrown: the server is
   * stopped either way.
   */
  public void stop() {
    long inFlight = activeRequests();
    try {
      app.stop();
    } catch (RuntimeException e) {
      if (!(rootCause(e) instanceof TimeoutException)) {
        throw e;
      }
      LOG.warn(
          "stopped after the shutdown timeout with requests still in flight ({} at the start)",
          inFlight);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The bound port, once started. */
  public int port() {
    return app.port();
  }

  /** Requests being handled right now. */
  public long activeRequests() {
    return graceful.getCurrentRequestCount();
  }

  /**
   * Where and how to listen.
   *
   * @param maxBodyBytes the largest request body
   * @param shutdownTimeout how long stopping waits for requests in flight; 0 stops at once
   * @param bodyReadTimeout how long a push body may take to arrive in full
   * @param maxConnectionsPerAddress connections one client address may hold open at once
   */
  public record Listen(
      String host,
      int port,
      int maxBodyBytes,
      Duration shutdownTimeout,
      Duration bodyReadTimeout,
      int maxConnectionsPerAddress) {}

  /** The body of {@code GET /health}. */
  public record Health(String status) {}
}
