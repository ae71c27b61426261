package dev.neuronwatch.server;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** stop() lets a request in flight finish, within the shutdown timeout. */
class GracefulShutdownTest {
  private static final int CHUNKS = 8;

  private static NeuronwatchServer start(Duration shutdownTimeout) {
    NeuronwatchServer server =
        new NeuronwatchServer(
            ServerConfig.builder().port(0).shutdownTimeout(shutdownTimeout).build(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            Clock.fixed(TestServer.NOW, ZoneOffset.UTC));
    return server.start();
  }

  /** A push of 50 samples of 8 layers: tens of kilobytes, sent in chunks. */
  private static byte[] largeBody() {
    List<StepSample> samples = new ArrayList<>();
    for (int s = 1; s <= 50; s++) {
      LayerSample[] layers = new LayerSample[8];
      for (int l = 0; l < layers.length; l++) {
        layers[l] = layer("dense_" + l, l, ActivationKind.RELU).gradient(0.5).build();
      }
      samples.add(step(s, layers));
    }
    return WireJson.encode(push("slow", samples.toArray(StepSample[]::new)));
  }

  private static byte[] head(int port, int length) {
    return ("POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A bounded wait for something another thread does; not a timing assertion. */
  private static void awaitTrue(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void aSlowPushInFlightWhenStopIsCalledCompletesWith200() throws Exception {
    NeuronwatchServer server = start(Duration.ofSeconds(10));
    Thread stopper = new Thread(server::stop, "stopper");
    try (Socket client = new Socket("127.0.0.1", server.port())) {
      int port = server.port();
      byte[] body = largeBody();
      int chunk = body.length / CHUNKS + 1;
      OutputStream out = client.getOutputStream();
      out.write(head(port, body.length));
      out.write(body, 0, chunk);
      out.flush();
      awaitTrue("the push is being handled", () -> server.activeRequests() == 1);

      stopper.start();
      awaitTrue("the server stops accepting connections", () -> !accepts(port));
      assertThat(stopper.isAlive()).as("stop() waits for the push").isTrue();
      for (int from = chunk; from < body.length; from += chunk) {
        Thread.sleep(50); // well under the connector's one-second idle limit while stopping
        out.write(body, from, Math.min(chunk, body.length - from));
        out.flush();
      }

      String response = readResponse(client.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200 OK").contains("\"accepted\":50");
      stopper.join(Duration.ofSeconds(10).toMillis());
      assertThat(stopper.isAlive()).as("stop() returned").isFalse();
    } finally {
      server.stop();
    }
  }

  @Test
  void aStalledClientDoesNotHoldStopPastTheTimeout() throws Exception {
    NeuronwatchServer server = start(Duration.ofMillis(200));
    List<Throwable> failures = new ArrayList<>();
    Thread stopper = new Thread(server::stop, "stopper");
    stopper.setUncaughtExceptionHandler((thread, e) -> failures.add(e));
    try (Socket client = new Socket("127.0.0.1", server.port())) {
      byte[] body = largeBody();
      OutputStream out = client.getOutputStream();
      out.write(head(server.port(), body.length));
      out.write(body, 0, body.length / 2);
      out.flush();
      awaitTrue("the push is being handled", () -> server.activeRequests() == 1);

      stopper.start();
      stopper.join(Duration.ofSeconds(10).toMillis());

      assertThat(stopper.isAlive()).as("stop() returned despite the stalled push").isFalse();
      assertThat(failures).as("stop() does not throw when it cuts a request off").isEmpty();
      client.setSoTimeout(10_000);
      String answer = readResponse(client.getInputStream());
      assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    } finally {
      server.stop();
    }
  }

  /** Everything the server sends until it closes the connection (or a complete short answer). */
  private static String readResponse(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    StringBuilder text = new StringBuilder();
    int read;
    try {
      while ((read = in.read(buffer)) != -1) {
        text.append(new String(Arrays.copyOf(buffer, read), StandardCharsets.UTF_8));
        if (text.indexOf("\r\n\r\n") >= 0 && text.toString().endsWith("}")) {
          break;
        }
      }
    } catch (IOException reset) {
      // A connection the server abandoned may end in a reset rather than an orderly close.
    }
    return text.toString();
  }
}
