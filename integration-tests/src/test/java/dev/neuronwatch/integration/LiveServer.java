package dev.neuronwatch.integration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Neuronwatch server in this JVM on a loopback port, and what its {@code /api/v1/runs} says.
 * Stop it with {@link #close()}; a new one may then take the same port.
 *
 * <pre>{@code
 * try (LiveServer server = LiveServer.onFreePort()) {
 *   RunView run = server.run("faults-none").orElseThrow();
 * }
 * }</pre>
 */
final class LiveServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final NeuronwatchServer server;

  private LiveServer(ServerConfig config) {
    this.server = new NeuronwatchServer(config, registry, Clock.systemUTC()).start();
  }

  static LiveServer onFreePort() {
    return on(0);
  }

  /** A server with the default settings on {@code port}, but quick to stop. */
  static LiveServer on(int port) {
    return new LiveServer(
        ServerConfig.builder().port(port).shutdownTimeout(Duration.ofMillis(200)).build());
  }

  /** A loopback port that was free a moment ago: connecting to it is refused. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.port();
  }

  URI uri() {
    return server.uri();
  }

  /** The run as the server's run list shows it, if it has one by that name. */
  Optional<RunView> run(String name) {
    try {
      HttpResponse<byte[]> response =
          HTTP.send(
              HttpRequest.newBuilder(server.uri().resolve("/api/v1/runs")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      List<RunView> runs = JSON.readValue(response.body(), new TypeReference<List<RunView>>() {});
      return runs.stream().filter(r -> r.run().equals(name)).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The samples of {@code run} the server applied, from its own counter: unlike the run list it can
   * still be read once the server has stopped.
   */
  long appliedSamples(String run) {
    Counter samples = registry.find("neuronwatch.run.samples").tag("run", run).counter();
    return samples == null ? 0 : (long) samples.count();
  }

  @Override
  public void close() {
    server.stop();
  }
}
