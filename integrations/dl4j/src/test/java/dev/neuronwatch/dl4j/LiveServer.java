package dev.neuronwatch.dl4j;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real Neuronwatch server in this JVM on a free loopback port; stop it with close(). */
final class LiveServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final NeuronwatchServer server;

  LiveServer() {
    ServerConfig config =
        ServerConfig.builder().port(0).shutdownTimeout(Duration.ofMillis(200)).build();
    this.server =
        new NeuronwatchServer(
                config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())
            .start();
  }

  URI uri() {
    return server.uri();
  }

  /** Every alert the server holds for {@code run}, in any state. */
  List<Alert> alerts(String run) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve("/api/v1/alerts?run=" + run)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return List.of(WireJson.decode(response.body(), Alert[].class));
  }

  @Override
  public void close() {
    server.stop();
  }
}
