package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SeriesApiTest {

  private static TestServer serverWithRun(ServerConfig.Builder config) {
    TestServer server = TestServer.start(config);
    for (long s = 10; s <= 40; s += 10) {
      server.push(
          push(
              "team/run-1",
              step(
                  s,
                  layer("dense_0", 0, ActivationKind.RELU).dead(s / 100.0).build(),
                  layer("out", 1, ActivationKind.SIGMOID).saturation(0.1).build())));
    }
    return server;
  }

  @Test
  void servesOneStatisticOfEveryLayerOverSteps() {
    try (TestServer server = serverWithRun(ServerConfig.builder())) {
      JsonNode body =
          TestServer.json(server.get("/api/v1/runs/team/run-1/series?metric=dead_units_ratio"));

      assertThat(body.get("run").asText()).isEqualTo("team/run-1");
      assertThat(body.get("stride").asInt()).isEqualTo(1);
      assertThat(body.get("steps").toString()).isEqualTo("[10,20,30,40]");
      assertThat(body.get("series").get(0).get("layer").asText()).isEqualTo("dense_0");
      assertThat(body.get("series").get(0).get("values").toString()).isEqualTo("[0.1,0.2,0.3,0.4]");
      // The sigmoid layer has no dead ratio: nulls, not zeros.
      assertThat(body.get("series").get(1).get("values").toString())
          .isEqualTo("[null,null,null,null]");
    }
  }

  @Test
  void layerAndFromNarrowTheAnswer() {
    try (TestServer server = serverWithRun(ServerConfig.builder())) {
      JsonNode body =
          TestServer.json(
              server.get(
                  "/api/v1/runs/team/run-1/series?metric=saturation_ratio&layer=out&from=30"));

      assertThat(body.get("steps").toString()).isEqualTo("[30,40]");
      assertThat(body.get("series")).hasSize(1);
      assertThat(body.get("series").get(0).get("layer").asText()).isEqualTo("out");
    }
  }

  @Test
  void wrongParametersAreRefusedNamingTheParameter() {
    try (TestServer server = serverWithRun(ServerConfig.builder())) {
      assertError(
          server.get("/api/v1/runs/team/run-1/series"), 400, "metric", "metric is required");
      assertError(
          server.get("/api/v1/runs/team/run-1/series?metric=dead"),
          400,
          "metric",
          "unknown metric 'dead', expected one of: loss, dead_units_ratio");
      assertError(
          server.get("/api/v1/runs/team/run-1/series?metric=loss&from=-1"),
          400,
          "from",
          "from must be a step");
      assertError(
          server.get("/api/v1/runs/team/run-1/series?metric=loss&layer=out"),
          400,
          "layer",
          "loss belongs to the run");
      assertError(
          server.get("/api/v1/runs/nope/series?metric=loss"), 404, "run", "no run named 'nope'");
      assertError(
          server.get("/api/v1/runs/team/run-1/series?metric=dead_units_ratio&layer=dense_9"),
          404,
          "layer",
          "run 'team/run-1' has no layer 'dense_9'");
    }
  }

  @Test
  void needsTheReadTokenWhenOneIsSet() {
    try (TestServer server = serverWithRun(ServerConfig.builder().readToken("r3ad"))) {
      HttpResponse<String> without = server.get("/api/v1/runs/team/run-1/series?metric=loss");
      HttpResponse<String> with =
          server.call(
              "GET", "/api/v1/runs/team/run-1/series?metric=loss", "Authorization", "Bearer r3ad");

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aDeletedRunHasNoHistory() {
    try (TestServer server = serverWithRun(ServerConfig.builder())) {
      server.call("DELETE", "/api/v1/runs/team/run-1");

      assertThat(server.get("/api/v1/runs/team/run-1/series?metric=loss").statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void theRunsListCarriesTheLatestLoss() {
    try (TestServer server = serverWithRun(ServerConfig.builder())) {
      assertThat(TestServer.json(server.get("/api/v1/runs")).get(0).get("loss").asDouble())
          .isEqualTo(0.5);
    }
  }

  @Test
  void servesThePageFromTheJarWithAContentSecurityPolicy() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> page = server.get("/");
      HttpResponse<String> chart = server.get("/vendor/uplot/uPlot.iife.min.js");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<title>Neuronwatch</title>")
          .doesNotContain("http://", "https://");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
      assertThat(chart.statusCode()).isEqualTo(200);
    }
  }

  private static void assertError(
      HttpResponse<String> response, int status, String field, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = TestServer.json(response);
    assertThat(body.get("field").asText()).isEqualTo(field);
    assertThat(body.get("error").asText()).contains(message);
  }
}
