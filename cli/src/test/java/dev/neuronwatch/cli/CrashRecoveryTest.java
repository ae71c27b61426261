package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with a data directory killed with SIGKILL (no shutdown hook, no flush) loses no
 * acknowledged push: the server started again on the same directory holds every sample it had
 * answered 200 for.
 */
class CrashRecoveryTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  void noAcknowledgedPushIsLostWhenTheServerIsKilled() throws Exception {
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    Process first = server(port, "first.log");
    int acknowledged = 0;
    try {
      awaitHealthy(base);
      for (int step = 1; step <= 40; step++) {
        HttpResponse<String> answer = push(base, step);
        if (answer.statusCode() == 200) {
          acknowledged++;
        }
      }
    } finally {
      first.destroyForcibly(); // SIGKILL on Linux and macOS
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).isEqualTo(40);

    Process second = server(port, "second.log");
    try {
      awaitHealthy(base);
      JsonNode runs = JSON.readTree(get(base, "/api/v1/runs").body());
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).get("samples").asLong()).isEqualTo(acknowledged);
      assertThat(runs.get(0).get("lastStep").asLong()).isEqualTo(40);
      // It goes on where it stopped.
      assertThat(JSON.readTree(push(base, 41).body()).get("accepted").asInt()).isEqualTo(1);
    } finally {
      second.destroy();
      second.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process server(int port, String log) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            NeuronwatchCli.class.getName(),
            "server",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve(log).toFile())
        .start();
  }

  private static HttpResponse<String> push(URI base, long step) throws Exception {
    TensorSummary output = new TensorSummary(64, 0.25, 0.09, 0, 1.5, 0.1, 0, 0);
    LayerSample layer =
        new LayerSample("dense_0", 0, ActivationKind.RELU, 8, output, 0.1, null, null, null, null);
    PushRequest push =
        new PushRequest(
            "crash",
            List.of(new StepSample(step, 1_800_000_000_000L + step, 0.5, false, List.of(layer))),
            null,
            false);
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/push"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(WireJson.encode(push)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitHealthy(URI base) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get(base, "/health").statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) {
        // Still starting.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not answer /health within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
