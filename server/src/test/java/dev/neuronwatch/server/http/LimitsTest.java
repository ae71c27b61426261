package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.Scrape;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run, layer and rate limits: clear errors, distinct rejection reasons, nothing applied. */
class LimitsTest {

  private static LayerSample dense(String name, int depth) {
    return layer(name, depth, ActivationKind.RELU).build();
  }

  private static double rejected(TestServer server, String reason) {
    return server
        .scrape()
        .value("neuronwatch_ingest_rejected_total{reason=\"" + reason + "\"}")
        .orElseThrow();
  }

  @Test
  void aNewRunBeyondTheRunLimitIs429WithRetryAfterAndChangesNothing() {
    try (TestServer server = TestServer.start(ServerConfig.builder().maxRuns(2))) {
      assertThat(server.push(push("a", step(1, dense("d", 0)))).statusCode()).isEqualTo(200);
      assertThat(server.push(push("b", step(1, dense("d", 0)))).statusCode()).isEqualTo(200);
      Scrape before = server.scrape();
      String runsBefore = server.get("/api/v1/runs").body();

      HttpResponse<String> third = server.push(push("c", step(1, dense("d", 0))));

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).hasValue("60");
      JsonNode error = TestServer.json(third);
      assertThat(error.get("error").asText()).isEqualTo("run limit reached (2)");
      assertThat(error.get("field").asText()).isEqualTo("run");
      assertThat(server.get("/api/v1/runs").body()).isEqualTo(runsBefore);
      List<String> counters = List.of("neuronwatch_ingest_rejected_total");
      assertThat(server.scrape().without(counters)).isEqualTo(before.without(counters));
      assertThat(rejected(server, "run_limit")).isEqualTo(1.0);
      // Known runs keep pushing.
      assertThat(server.push(push("a", step(2, dense("d", 0)))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aPushThatWouldExceedTheLayerLimitIs422NamingTheFirstLayerOverIt() {
    try (TestServer server = TestServer.start(ServerConfig.builder().maxLayersPerRun(3))) {
      assertThat(server.push(push("r", step(1, dense("a", 0), dense("b", 1)))).statusCode())
          .isEqualTo(200);
      String runsBefore = server.get("/api/v1/runs").body();

      // Step 2 is fine on its own (a, b, c); step 3 brings the fourth layer.
      HttpResponse<String> response =
          server.push(
              push(
                  "r",
                  step(2, dense("a", 0), dense("b", 1), dense("c", 2)),
                  step(3, dense("d", 0), dense("c", 2))));

      assertThat(response.statusCode()).isEqualTo(422);
      JsonNode error = TestServer.json(response);
      assertThat(error.get("error").asText()).isEqualTo("layer limit reached (3 per run)");
      assertThat(error.get("field").asText()).isEqualTo("samples[1].layers[0].name");
      assertThat(server.get("/api/v1/runs").body()).isEqualTo(runsBefore);
      assertThat(rejected(server, "layer_limit")).isEqualTo(1.0);
      assertThat(server.push(push("r", step(2, dense("c", 2)))).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aNewRunWithTooManyLayersIsRefusedWithoutBeingCreated() {
    try (TestServer server = TestServer.start(ServerConfig.builder().maxLayersPerRun(1))) {
      HttpResponse<String> response = server.push(push("r", step(1, dense("a", 0), dense("b", 1))));

      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(TestServer.json(response).get("field").asText())
          .isEqualTo("samples[0].layers[1].name");
      assertThat(server.json("/api/v1/runs")).isEmpty();
      assertThat(server.scrape().value("neuronwatch_runs")).contains(0.0);
    }
  }

  @Test
  void aClientOverItsRateIsAnswered429WithRetryAfterUntilTokensReturn() {
    // One token per 100 s: the bucket cannot refill while the test runs.
    ServerConfig.Builder config = ServerConfig.builder().rateLimit(0.01).rateBurst(3);
    try (TestServer server = TestServer.start(config)) {
      for (int i = 1; i <= 3; i++) {
        assertThat(server.push(push("r", step(i, dense("a", 0)))).statusCode()).isEqualTo(200);
      }

      HttpResponse<String> limited = server.push(push("r", step(4, dense("a", 0))));

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("100");
      assertThat(TestServer.json(limited).get("error").asText())
          .startsWith("too many pushes for run r");
      assertThat(rejected(server, "rate_limited")).isEqualTo(1.0);
      assertThat(server.json("/api/v1/runs").get(0).get("lastStep").asLong()).isEqualTo(3);
      // Reads are not rate limited.
      assertThat(server.get("/api/v1/runs").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void runsPushingThroughOneAddressEachHaveTheirOwnRate() {
    // 20 agents behind one reverse proxy: one client address, 20 runs.
    ServerConfig.Builder config = ServerConfig.builder().rateLimit(0.01).rateBurst(3);
    try (TestServer server = TestServer.start(config)) {
      for (int step = 1; step <= 3; step++) {
        for (int run = 0; run < 20; run++) {
          assertThat(server.push(push("agent-" + run, step(step, dense("a", 0)))).statusCode())
              .isEqualTo(200);
        }
      }

      assertThat(server.push(push("agent-0", step(4, dense("a", 0)))).statusCode()).isEqualTo(429);
      assertThat(server.push(push("agent-20", step(1, dense("a", 0)))).statusCode()).isEqualTo(200);
      assertThat(rejected(server, "rate_limited")).isEqualTo(1.0);
    }
  }

  @Test
  void pushesWithoutTheTokenAreLimitedByAddressAndNeverUseUpTheRateOfAuthenticatedOnes() {
    ServerConfig.Builder config =
        ServerConfig.builder().rateLimit(0.01).rateBurst(3).writeToken("s3cret-token");
    try (TestServer server = TestServer.start(config)) {
      List<Integer> unauthenticated = new java.util.ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        unauthenticated.add(server.push(push("r", step(i, dense("a", 0)))).statusCode());
      }

      assertThat(unauthenticated.subList(0, 3)).containsOnly(401);
      assertThat(unauthenticated.subList(3, 10)).containsOnly(429);
      HttpResponse<String> authenticated =
          server.send(
              java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/push"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer s3cret-token")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                          dev.neuronwatch.protocol.WireJson.encode(
                              push("r", step(1, dense("a", 0))))))
                  .build());
      assertThat(authenticated.statusCode()).isEqualTo(200);
      assertThat(rejected(server, "unauthorized")).isEqualTo(3.0);
      assertThat(rejected(server, "rate_limited")).isEqualTo(7.0);
    }
  }

  @Test
  void aNewLayerBeyondTheMemoryBudgetIs429WhileExistingRunsKeepWorking() {
    // 8 stored layers in all; one run may hold a quarter of them.
    ServerConfig.Builder config = ServerConfig.builder().maxStoredLayers(8);
    try (TestServer server = TestServer.start(config)) {
      for (String run : List.of("a", "b", "c", "d")) {
        assertThat(server.push(push(run, step(1, dense("x", 0), dense("y", 1)))).statusCode())
            .isEqualTo(200);
      }

      HttpResponse<String> refused = server.push(push("e", step(1, dense("x", 0))));

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(TestServer.json(refused).get("error").asText())
          .contains("memory budget")
          .contains("8 stored layers");
      assertThat(TestServer.json(refused).get("field").asText())
          .isEqualTo("samples[0].layers[0].name");
      assertThat(rejected(server, "memory_budget")).isEqualTo(1.0);
      assertThat(server.push(push("a", step(2, dense("x", 0), dense("y", 1)))).statusCode())
          .isEqualTo(200);
      HttpResponse<String> tooWide = server.push(push("a", step(3, dense("z", 2))));
      assertThat(tooWide.statusCode()).isEqualTo(422);
      assertThat(TestServer.json(tooWide).get("error").asText()).contains("2 per run");
      assertThat(server.scrape().value("neuronwatch_stored_layers")).contains(8.0);
      assertThat(server.scrape().value("neuronwatch_stored_layers_budget")).contains(8.0);

      assertThat(server.call("DELETE", "/api/v1/runs/b").statusCode()).isEqualTo(204);
      assertThat(server.push(push("e", step(1, dense("x", 0)))).statusCode()).isEqualTo(200);
      assertThat(server.scrape().value("neuronwatch_stored_layers")).contains(7.0);
    }
  }

  @Test
  void everyRejectionReasonIsExportedFromTheStart() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.scrape().family("neuronwatch_ingest_rejected_total").keySet())
          .containsExactlyInAnyOrder(
              List.of(
                      "invalid_json",
                      "invalid_field",
                      "too_large",
                      "unsupported_media_type",
                      "run_limit",
                      "layer_limit",
                      "rate_limited",
                      "unauthorized",
                      "slow_body",
                      "connection_limit",
                      "bad_http",
                      "memory_budget",
                      "storage_failed")
                  .stream()
                  .map(r -> "neuronwatch_ingest_rejected_total{reason=\"" + r + "\"}")
                  .toArray(String[]::new));
    }
  }
}
