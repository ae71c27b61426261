package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The smaller holes found by trying the server as an attacker and an unlucky operator would: each
 * request is answered with a clear JSON error, or harmlessly, and changes nothing stored.
 */
class EdgeRequestsTest {

  /** A layer with NaN outputs: NeuronwatchNonFiniteValues fires at the first sample. */
  private static LayerSample broken() {
    return layer("dense_0", 0, ActivationKind.RELU)
        .output(new TensorSummary(60, 0.1, 0.1, -1, 1, 0.1, 4, 0))
        .gradient(0.5)
        .build();
  }

  private static double rejected(TestServer server, String reason) {
    return server
        .scrape()
        .value("neuronwatch_ingest_rejected_total{reason=\"" + reason + "\"}")
        .orElse(0.0);
  }

  @Test
  void aMethodOverrideHeaderOnAGetDeletesNothing() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.push(push("kept", step(1, broken()))).statusCode()).isEqualTo(200);

      HttpResponse<String> overridden =
          server.call("GET", "/api/v1/runs/kept", "X-HTTP-Method-Override", "DELETE");
      server.call("POST", "/api/v1/runs/kept?_method=DELETE", "X-HTTP-Method", "DELETE");

      assertThat(overridden.statusCode()).isNotEqualTo(204);
      assertThat(server.json("/api/v1/runs")).hasSize(1);
      assertThat(server.json("/api/v1/alerts?run=kept&state=firing")).hasSize(1);
    }
  }

  @Test
  void nonFiniteCountsThatWouldWrapAroundAreRefusedNamingTheField() {
    try (TestServer server = TestServer.start()) {
      // Built as text: the model's own constructor refuses these counts too.
      String body =
          new String(
                  dev.neuronwatch.protocol.WireJson.encode(push("wrap", step(1, broken()))),
                  StandardCharsets.UTF_8)
              .replace(
                  "\"nanCount\":4,\"infCount\":0", "\"nanCount\":4,\"infCount\":" + Long.MAX_VALUE);
      assertThat(body).contains(Long.toString(Long.MAX_VALUE));

      HttpResponse<String> response =
          server.post("/api/v1/push", "application/json", body.getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).get("field").asText())
          .isEqualTo("samples[0].layers[0].output.infCount");
      assertThat(TestServer.json(response).get("error").asText()).contains("2^53");
      assertThat(server.json("/api/v1/runs")).isEmpty();
      assertThat(rejected(server, "invalid_field")).isEqualTo(1.0);
    }
  }

  @Test
  void aMeanOutsideMinAndMaxIsRefusedNamingTheField() {
    try (TestServer server = TestServer.start()) {
      String body =
          new String(
                  dev.neuronwatch.protocol.WireJson.encode(push("mean", step(1, broken()))),
                  StandardCharsets.UTF_8)
              .replace("\"mean\":0.1", "\"mean\":7.5");
      assertThat(body).contains("\"mean\":7.5");

      HttpResponse<String> response =
          server.post("/api/v1/push", "application/json", body.getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).get("field").asText())
          .isEqualTo("samples[0].layers[0].output.mean");
      assertThat(TestServer.json(response).get("error").asText()).contains("[-1.0, 1.0]");
      assertThat(server.json("/api/v1/runs")).isEmpty();
    }
  }

  @Test
  void aRunParameterThatIsNotValidPercentEncodingIs400NotEveryRunsAlerts() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.push(push("one", step(1, broken())));
      server.push(push("two", step(1, broken())));

      // The JDK's client refuses to send such a URI; a raw request does.
      String answer = raw(server, "GET /api/v1/alerts?run=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer).contains("Content-Type: application/json");
      assertThat(answer).contains("\"field\":\"run\"");
      assertThat(answer).doesNotContain("NeuronwatchNonFiniteValues");
    }
  }

  @Test
  void errorsOfTheWebServerLayerAreJsonAndCounted() throws Exception {
    try (TestServer server = TestServer.start()) {
      double before = rejected(server, "bad_http");
      String answer =
          raw(
              server,
              "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "X-Big: "
                  + "a".repeat(20_000)
                  + "\r\nContent-Length: 2\r\n\r\n{}");

      assertThat(answer).startsWith("HTTP/1.1 431");
      assertThat(answer).contains("Content-Type: application/json");
      assertThat(answer).doesNotContainIgnoringCase("<html");
      assertThat(answer).contains("\"error\"");
      assertThat(rejected(server, "bad_http")).isEqualTo(before + 1);

      String badUri = raw(server, "GET /api/v1/runs/%zz%zz HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(badUri).startsWith("HTTP/1.1 400");
      assertThat(badUri).doesNotContainIgnoringCase("<html");
      assertThat(rejected(server, "bad_http")).isEqualTo(before + 2);
    }
  }

  @Test
  void aPushWithoutSamplesTakesNoRunSlot() {
    ServerConfig.Builder config = ServerConfig.builder().maxRuns(1);
    try (TestServer server = TestServer.start(config)) {
      for (int i = 0; i < 5; i++) {
        PushRequest empty = new PushRequest("empty-" + i, List.of(), null, i % 2 == 0);
        assertThat(server.push(empty).statusCode()).isEqualTo(200);
      }

      assertThat(server.json("/api/v1/runs")).isEmpty();
      assertThat(server.push(push("real", step(1, broken()))).statusCode()).isEqualTo(200);
      JsonNode runs = server.json("/api/v1/runs");
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).get("run").asText()).isEqualTo("real");
    }
  }

  /** Sends {@code request} as it is over a plain socket and returns the whole answer. */
  private static String raw(TestServer server, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        // The server keeps the connection open: what arrived is the answer.
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
