package dev.neuronwatch.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A real Neuronwatch server in this JVM on a free loopback port, read over HTTP. */
final class LiveServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final NeuronwatchServer server;

  LiveServer() {
    this.server =
        NeuronwatchServer.create(
                ServerConfig.builder().port(0).shutdownTimeout(Duration.ofMillis(200)).build())
            .start();
  }

  URI uri() {
    return server.uri();
  }

  /** The alerts of {@code run} that fired (firing now or resolved since), by name. */
  List<String> raised(String run) throws Exception {
    Alert[] alerts =
        WireJson.decode(
            get("/api/v1/alerts?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8)),
            Alert[].class);
    return List.of(alerts).stream()
        .filter(a -> a.state() != AlertState.PENDING)
        .map(Alert::name)
        .distinct()
        .toList();
  }

  Exposition metrics() throws Exception {
    return Exposition.parse(new String(get("/metrics"), StandardCharsets.UTF_8));
  }

  private byte[] get(String path) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.body();
  }

  @Override
  public void close() {
    server.stop();
  }
}
