package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsApiTest {

  private static LayerSample hidden(double dead) {
    return layer("hidden", 0, ActivationKind.RELU).dead(dead).build();
  }

  private static List<String> names(JsonNode alerts) {
    List<String> names = new ArrayList<>();
    alerts.forEach(
        a ->
            names.add(
                a.get("run").asText()
                    + "/"
                    + a.get("name").asText()
                    + "/"
                    + a.get("layer").asText()
                    + "/"
                    + a.get("state").asText()));
    return names;
  }

  /** Run a: dying ReLU firing. Run b: non-finite loss fired and resolved, dying ReLU pending. */
  private static void feed(TestServer server) {
    server.push(push("a", step(1, hidden(0.9)), step(2, hidden(0.9)), step(3, hidden(0.9))));
    server.push(
        push(
            "b",
            nonFiniteLossStep(1, hidden(0.1)),
            step(2, hidden(0.1)),
            step(3, hidden(0.1)),
            step(4, hidden(0.1)),
            step(5, hidden(0.1)),
            step(6, hidden(0.1)),
            step(7, hidden(0.1)),
            step(8, hidden(0.9))));
  }

  @Test
  void listsPendingFiringAndResolvedAlertsWithTheirFields() {
    try (TestServer server = TestServer.start()) {
      feed(server);

      JsonNode all = server.json("/api/v1/alerts");

      assertThat(names(all))
          .containsExactly(
              "a/NeuronwatchDyingRelu/hidden/firing",
              "b/NeuronwatchDyingRelu/hidden/pending",
              "b/NeuronwatchNonFiniteValues//resolved");
      JsonNode firing = all.get(0);
      assertThat(firing.get("value").asDouble()).isEqualTo(0.9);
      assertThat(firing.get("since").asText()).isEqualTo("2026-11-28T12:00:00Z");
      assertThat(firing.get("summary").asText()).contains("90%").contains("fires above 50%");
      assertThat(firing.get("threshold").asDouble()).isEqualTo(0.5);
      assertThat(firing.get("step").asLong()).isEqualTo(1);
      assertThat(firing.get("runbook").asText())
          .isEqualTo("https://github.com/neuronwatch/neuronwatch#alert-neuronwatchdyingrelu");
      assertThat(firing.has("origin")).as("only non-finite alerts have an origin").isFalse();
      JsonNode resolved = all.get(2);
      assertThat(resolved.get("step").asLong()).isEqualTo(1);
      assertThat(resolved.get("threshold").asDouble()).isZero();
      assertThat(resolved.get("origin").get("layer").asText()).isEmpty();
      assertThat(resolved.get("origin").get("tensor").asText()).isEqualTo("loss");
      assertThat(resolved.get("origin").get("step").asLong()).isEqualTo(1);
    }
  }

  /**
   * A run that blows up: NaN first in the gradient of the middle layer (backward order: the deepest
   * layer's gradient is clean), then everywhere. Every non-finite alert names that first place, in
   * the API and in the push response the agent reads.
   */
  @Test
  void nonFiniteAlertsNameWhereTheValuesStartedInTheApiAndThePushResponse() {
    try (TestServer server = TestServer.start()) {
      GradientSummary nan = new GradientSummary(0, 0, 0, 0, 64, 0);
      LayerSample in = layer("in", 0, ActivationKind.RELU).gradient(nan).build();
      LayerSample mid = layer("mid", 1, ActivationKind.RELU).gradient(nan).build();
      LayerSample out = layer("out", 2, ActivationKind.LINEAR).gradient(1.0).build();
      server.push(push("boom", step(1, layer("in", 0, ActivationKind.RELU).gradient(1.0).build())));

      HttpResponse<String> response = server.push(push("boom", step(17, in, mid, out)));

      JsonNode firing = TestServer.json(response).get("firing");
      assertThat(firing).hasSize(2);
      for (JsonNode alert : firing) {
        assertThat(alert.get("name").asText()).isEqualTo("NeuronwatchNonFiniteValues");
        assertThat(alert.get("origin").get("layer").asText()).isEqualTo("mid");
        assertThat(alert.get("origin").get("tensor").asText()).isEqualTo("gradient");
        assertThat(alert.get("origin").get("step").asLong()).isEqualTo(17);
        assertThat(alert.get("step").asLong()).isEqualTo(17);
        assertThat(alert.get("runbook").asText()).endsWith("#alert-neuronwatchnonfinitevalues");
      }
      assertThat(server.json("/api/v1/alerts?run=boom&state=firing").get(0).get("origin"))
          .isEqualTo(firing.get(0).get("origin"));
    }
  }

  @Test
  void filtersByRunAndState() {
    try (TestServer server = TestServer.start()) {
      feed(server);

      assertThat(names(server.json("/api/v1/alerts?run=b")))
          .containsExactly(
              "b/NeuronwatchDyingRelu/hidden/pending", "b/NeuronwatchNonFiniteValues//resolved");
      assertThat(names(server.json("/api/v1/alerts?state=firing")))
          .containsExactly("a/NeuronwatchDyingRelu/hidden/firing");
      assertThat(names(server.json("/api/v1/alerts?run=b&state=resolved")))
          .containsExactly("b/NeuronwatchNonFiniteValues//resolved");
      assertThat(server.json("/api/v1/alerts?run=nobody")).isEmpty();
    }
  }

  @Test
  void anUnknownStateIsABadRequestNamingTheParameter() {
    try (TestServer server = TestServer.start()) {
      HttpResponse<String> response = server.get("/api/v1/alerts?state=exploded");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).get("field").asText()).isEqualTo("state");
    }
  }

  @Test
  void replayingOldStepsDoesNotAdvanceAnAlert() {
    try (TestServer server = TestServer.start()) {
      StepSample dying = step(1, hidden(0.9));
      for (int i = 0; i < 5; i++) {
        server.push(push("a", dying));
      }

      assertThat(names(server.json("/api/v1/alerts")))
          .containsExactly("a/NeuronwatchDyingRelu/hidden/pending");
    }
  }
}
