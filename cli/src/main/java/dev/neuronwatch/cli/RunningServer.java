package dev.neuronwatch.cli;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A started server as the CLI sees it: its address, its alerts read back through the public HTTP
 * API (exactly what a user's script would see), and a stop.
 */
final class RunningServer implements AutoCloseable {
  private final NeuronwatchServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  RunningServer(NeuronwatchServer server) {
    this.server = server;
  }

  /** The URL clients use; a wildcard bind address is reported as loopback. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Every alert the server holds for {@code run}: pending, firing and resolved. */
  List<Alert> alertsOf(String run) {
    URI uri =
        baseUri().resolve("/api/v1/alerts?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8));
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
      }
      return List.of(WireJson.decode(response.body(), Alert[].class));
    } catch (IOException | WireFormatException e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + uri, e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
