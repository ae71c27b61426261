package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bearer tokens: writes and reads each behind their own, /health always open. */
class AuthTest {
  private static final String WRITE = "w-7f3a9c0e51d24b86a1c3";
  private static final String READ = "r-0b5d2e8c4f6a13975e2d";
  private static final List<String> READ_PATHS =
      List.of("/metrics", "/api/v1/alerts", "/api/v1/runs");

  private static HttpResponse<String> pushWith(TestServer server, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri("/api/v1/push"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    WireJson.encode(
                        push("r", step(1, layer("d", 0, ActivationKind.RELU).build())))));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return server.send(request.build());
  }

  private static void assertUnauthorized(HttpResponse<String> response, boolean wrongToken) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"neuronwatch\"")
        .contains(wrongToken ? "error=\"invalid_token\"" : "realm");
    JsonNode error = TestServer.json(response);
    assertThat(error.get("field").asText()).isEqualTo("Authorization");
    assertThat(error.get("error").asText()).doesNotContain(WRITE).doesNotContain(READ);
  }

  private static ServerConfig.Builder bothTokens() {
    return ServerConfig.builder().writeToken(WRITE).readToken(READ);
  }

  @Test
  void pushesNeedTheWriteTokenAndEachRefusalIsCounted() {
    try (TestServer server = TestServer.start(bothTokens())) {
      assertUnauthorized(pushWith(server, null), false);
      assertUnauthorized(pushWith(server, "Bearer wrong"), true);
      assertUnauthorized(pushWith(server, "Bearer " + WRITE + "x"), true);
      assertUnauthorized(pushWith(server, "Basic " + WRITE), false);
      assertUnauthorized(pushWith(server, "Bearer " + READ), true);

      assertThat(pushWith(server, "Bearer " + WRITE).statusCode()).isEqualTo(200);
      assertThat(pushWith(server, "bearer " + WRITE).statusCode()).isEqualTo(200);

      HttpResponse<String> metrics =
          server.call("GET", "/metrics", "Authorization", "Bearer " + READ);
      assertThat(metrics.body())
          .contains("neuronwatch_ingest_rejected_total{reason=\"unauthorized\"} 5.0")
          .contains("neuronwatch_run_samples_total{run=\"r\"} 1.0");
    }
  }

  @Test
  void readsNeedTheReadTokenAndHealthStaysOpen() {
    try (TestServer server = TestServer.start(bothTokens())) {
      for (String path : READ_PATHS) {
        assertUnauthorized(server.get(path), false);
        assertUnauthorized(server.call("GET", path, "Authorization", "Bearer " + WRITE), true);
        assertThat(server.call("GET", path, "Authorization", "Bearer " + READ).statusCode())
            .as(path)
            .isEqualTo(200);
      }
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void deletingARunNeedsTheWriteToken() {
    try (TestServer server = TestServer.start(bothTokens())) {
      assertThat(pushWith(server, "Bearer " + WRITE).statusCode()).isEqualTo(200);

      String run = "/api/v1/runs/r";
      assertUnauthorized(server.call("DELETE", run), false);
      assertUnauthorized(server.call("DELETE", run, "Authorization", "Bearer " + READ), true);
      assertThat(server.call("DELETE", run, "Authorization", "Bearer " + WRITE).statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void withOnlyAWriteTokenReadsStayOpen() {
    try (TestServer server = TestServer.start(ServerConfig.builder().writeToken(WRITE))) {
      assertUnauthorized(pushWith(server, null), false);
      for (String path : READ_PATHS) {
        assertThat(server.get(path).statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void withoutTokensEverythingIsOpen() {
    try (TestServer server = TestServer.start()) {
      assertThat(pushWith(server, null).statusCode()).isEqualTo(200);
      assertThat(pushWith(server, "Bearer anything").statusCode()).isEqualTo(200);
      for (String path : READ_PATHS) {
        assertThat(server.get(path).statusCode()).as(path).isEqualTo(200);
      }
    }
  }
}
