package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.StepSample;
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
            step(4, hidden(0.9))));
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
      assertThat(firing.get("summary").asText()).contains("90%");
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
