package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.Scrape;
import dev.neuronwatch.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused push is a JSON 4xx naming the field, and changes nothing but one counter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final int LIMIT = 4096;
  private static final String JSON = "application/json";
  private static final String VALID =
      WireJson.encodeToString(
          push("run-1", step(100, layer("dense_0", 0, ActivationKind.RELU).gradient(0.5).build())));

  private TestServer server;

  @BeforeAll
  void startWithOneAcceptedPush() {
    server = TestServer.start(ServerConfig.builder().maxBodyBytes(LIMIT));
    assertThat(
            server
                .push(push("run-1", step(1, layer("dense_0", 0, ActivationKind.RELU).build())))
                .statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String replace(String target, String replacement) {
    assertThat(VALID).contains(target);
    return VALID.replace(target, replacement);
  }

  static Stream<Arguments> badPushes() {
    String tooLarge = "{\"run\":\"run-1\",\"samples\":[],\"x\":\"" + "a".repeat(LIMIT) + "\"}";
    return Stream.of(
        bad("malformed JSON", JSON, "{\"run\": \"run-1\", ", 400, "$", "invalid_json"),
        bad("not JSON at all", JSON, "hello", 400, "$", "invalid_json"),
        bad("empty body", JSON, "", 400, "$", "invalid_json"),
        bad("JSON null", JSON, "null", 400, "$", "invalid_json"),
        bad("an array", JSON, "[1, 2]", 400, "$", "invalid_field"),
        bad(
            "deeply nested arrays",
            JSON,
            "[".repeat(40) + "]".repeat(40),
            400,
            "$",
            "invalid_field"),
        bad(
            "wrong type",
            JSON,
            replace("\"step\":100", "\"step\":\"ten\""),
            400,
            "samples[0].step",
            "invalid_field"),
        bad(
            "float for an integer",
            JSON,
            replace("\"step\":100", "\"step\":100.5"),
            400,
            "samples[0].step",
            "invalid_field"),
        bad("missing field", JSON, replace("\"run\":\"run-1\",", ""), 400, "run", "invalid_field"),
        bad(
            "unknown field",
            JSON,
            replace("\"run\":\"run-1\",", "\"run\":\"run-1\",\"x\":1,"),
            400,
            "x",
            "invalid_field"),
        bad(
            "negative step",
            JSON,
            replace("\"step\":100", "\"step\":-1"),
            400,
            "samples[0].step",
            "invalid_field"),
        bad(
            "NaN as a string",
            JSON,
            replace("\"mean\":0.25", "\"mean\":\"NaN\""),
            400,
            "samples[0].layers[0].output.mean",
            "invalid_field"),
        bad(
            "NaN literal",
            JSON,
            replace("\"mean\":0.25", "\"mean\":NaN"),
            400,
            null,
            "invalid_json"),
        bad(
            "fraction above 1",
            JSON,
            replace("\"zeroFraction\":0.1", "\"zeroFraction\":1.5"),
            400,
            "samples[0].layers[0].output.zeroFraction",
            "invalid_field"),
        bad(
            "unknown activation",
            JSON,
            replace("\"relu\"", "\"rectifier\""),
            400,
            "samples[0].layers[0].activation",
            "invalid_field"),
        bad(
            "run name with a newline",
            JSON,
            replace("\"run-1\"", "\"run\\n1\""),
            400,
            "run",
            "invalid_field"),
        bad(
            "run name with quotes",
            JSON,
            replace("\"run-1\"", "\"run\\\"} 1\""),
            400,
            "run",
            "invalid_field"),
        bad(
            "layer name with a brace",
            JSON,
            replace("\"dense_0\"", "\"dense{0\""),
            400,
            "samples[0].layers[0].name",
            "invalid_field"),
        bad(
            "wrong content type",
            "text/plain",
            VALID,
            415,
            "Content-Type",
            "unsupported_media_type"),
        bad("no content type", null, VALID, 415, "Content-Type", "unsupported_media_type"),
        bad(
            "form content type",
            "application/x-www-form-urlencoded",
            VALID,
            415,
            "Content-Type",
            "unsupported_media_type"),
        bad(
            "non-UTF-8 charset",
            "application/json; charset=ISO-8859-1",
            VALID,
            415,
            "Content-Type",
            "unsupported_media_type"),
        bad("too large", JSON, tooLarge, 413, "$", "too_large"));
  }

  private static Arguments bad(
      String name, String contentType, String body, int status, String field, String reason) {
    return Arguments.of(name, contentType, body, status, field, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPushes")
  void isRefusedNamingTheFieldAndChangesNothing(
      String name, String contentType, String body, int status, String field, String reason) {
    Snapshot before = snapshot();

    HttpResponse<String> response =
        server.post("/api/v1/push", contentType, body.getBytes(StandardCharsets.UTF_8));

    assertRefused(response, status, field);
    assertUnchangedExceptOneRejection(before, reason);
  }

  @Test
  void aTooLargeChunkedBodyIsRefusedWhileReading() {
    Snapshot before = snapshot();
    byte[] body = ("{\"run\":\"" + "r".repeat(2 * LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/push"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", JSON)
                // An input-stream publisher has no length: the body goes chunked.
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

    assertRefused(response, 413, "$");
    assertUnchangedExceptOneRejection(before, "too_large");
  }

  @Test
  void aValidPushStillWorksAfterAllThat() {
    assertThat(
            server.post("/api/v1/push", JSON, VALID.getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
  }

  private static void assertRefused(HttpResponse<String> response, int status, String field) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = TestServer.json(response);
    assertThat(error.get("error").asText()).isNotBlank();
    if (field != null) {
      assertThat(error.get("field").asText()).isEqualTo(field);
    } else {
      assertThat(error.has("field")).isTrue();
    }
  }

  private record Snapshot(Map<String, Double> metrics, String runs, Map<String, Double> rejected) {}

  private Snapshot snapshot() {
    Scrape scrape = server.scrape();
    return new Snapshot(
        scrape.without(List.of("neuronwatch_ingest_rejected_total")),
        server.get("/api/v1/runs").body(),
        scrape.family("neuronwatch_ingest_rejected_total"));
  }

  private void assertUnchangedExceptOneRejection(Snapshot before, String reason) {
    Snapshot after = snapshot();
    assertThat(after.metrics()).isEqualTo(before.metrics());
    assertThat(after.runs()).isEqualTo(before.runs());
    String series = "neuronwatch_ingest_rejected_total{reason=\"" + reason + "\"}";
    assertThat(after.rejected().get(series)).isEqualTo(before.rejected().get(series) + 1);
    assertThat(
            after.rejected().entrySet().stream()
                .filter(e -> !e.getKey().equals(series))
                .allMatch(e -> e.getValue().equals(before.rejected().get(e.getKey()))))
        .isTrue();
  }
}
