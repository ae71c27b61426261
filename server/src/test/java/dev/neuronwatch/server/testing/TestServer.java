package dev.neuronwatch.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A started server on a free loopback port with a fixed clock, and a client for it. Always close it
 * (try-with-resources).
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *   HttpResponse<String> response = server.push(push);
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
  /** The instant the server's clock always reads. */
  public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NeuronwatchServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(NeuronwatchServer server) {
    this.server = server;
  }

  public static TestServer start() {
    return start(ServerConfig.builder());
  }

  /** Starts with {@code config}, on 127.0.0.1 and a free port whatever it says. */
  public static TestServer start(ServerConfig.Builder config) {
    return start(config, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * Starts with {@code config} and {@code clock}, on 127.0.0.1 and a free port. Unless the test
   * chose a shutdown timeout, the server stops at once: a graceful stop waits about a second for
   * idle keep-alive connections to close, which adds up over the suite.
   */
  public static TestServer start(ServerConfig.Builder config, Clock clock) {
    ServerConfig built = config.host("127.0.0.1").port(0).build();
    if (built.shutdownTimeout().equals(ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT)) {
      built = built.toBuilder().shutdownTimeout(Duration.ZERO).build();
    }
    NeuronwatchServer server =
        new NeuronwatchServer(built, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
    server.start();
    return new TestServer(server);
  }

  public NeuronwatchServer server() {
    return server;
  }

  public HttpResponse<String> push(PushRequest push) {
    return post("/api/v1/push", "application/json", WireJson.encode(push));
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  /** {@code method path} with the given headers (name, value, name, value...) and no body. */
  public HttpResponse<String> call(String method, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> get(String path) {
    return get(path, null);
  }

  public HttpResponse<String> get(String path, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return send(request.GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The text-format scrape of {@code /metrics}, parsed. */
  public Scrape scrape() {
    return Scrape.parse(get("/metrics").body());
  }

  /** {@code GET path} as JSON. */
  public JsonNode json(String path) {
    return json(get(path));
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri(String path) {
    return server.uri().resolve(path);
  }

  @Override
  public void close() {
    server.stop();
  }
}
