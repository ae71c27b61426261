package dev.neuronwatch.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * Serves the page at {@code /}: static files from the server jar ({@code /neuronwatch-page} on the
 * class path), with a content security policy that lets the page load nothing and talk to nothing
 * but this server. The page itself holds no data; it reads the read endpoints with the token the
 * user gives it.
 *
 * <pre>{@code
 * Javalin.create(config -> PageRoutes.register(config));
 * }</pre>
 */
final class PageRoutes {
  static final String CLASSPATH_DIRECTORY = "/neuronwatch-page";

  /** Scripts and styles from this server only; no inline script; no framing by other sites. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private PageRoutes() {}

  static void register(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = CLASSPATH_DIRECTORY;
          files.location = Location.CLASSPATH;
          // The API and /metrics never look for a file: no jar lookup on the ingest path.
          files.skipFileFunction =
              request ->
                  !"GET".equals(request.getMethod())
                      || request.getRequestURI().startsWith("/api/")
                      || request.getRequestURI().equals("/metrics");
          files.headers =
              Map.of(
                  "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                  "Referrer-Policy", "no-referrer",
                  "X-Content-Type-Options", "nosniff",
                  "Cache-Control", "no-cache");
        });
  }
}
