package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.testing.Scrape;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestApiTest {
  private static final String HIDDEN = "{activation=\"relu\",layer=\"hidden\",run=\"mnist\"}";
  private static final String OUT = "{activation=\"softmax\",layer=\"out\",run=\"mnist\"}";

  private static StepSample sample(long step, double dead, double hiddenGradient) {
    LayerSample hidden =
        layer("hidden", 0, ActivationKind.RELU)
            .dead(dead)
            .gradient(hiddenGradient)
            .weights(3.5, 2e-3)
            .build();
    LayerSample out = layer("out", 1, ActivationKind.SOFTMAX).saturation(0.9).gradient(0.4).build();
    return step(step, hidden, out);
  }

  private static PushResponse response(HttpResponse<String> http) throws Exception {
    assertThat(http.statusCode()).isEqualTo(200);
    assertThat(http.headers().firstValue("Content-Type")).hasValue("application/json");
    return WireJson.decode(http.body().getBytes(), PushResponse.class);
  }

  @Test
  void anAcceptedPushShowsInRunsAndInMetricsWithThePushedValues() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushResponse response =
          response(
              server.push(
                  push(
                      "mnist",
                      new AgentCounters(20, 18, 1, 2),
                      sample(10, 0.2, 0.1),
                      sample(20, 0.25, 0.2))));

      assertThat(response.accepted()).isEqualTo(2);
      assertThat(response.firing()).isEmpty();

      JsonNode run = server.json("/api/v1/runs").get(0);
      assertThat(run.get("run").asText()).isEqualTo("mnist");
      assertThat(run.get("lastStep").asLong()).isEqualTo(20);
      assertThat(run.get("lastPushTime").asText()).isEqualTo("2026-11-28T12:00:00Z");
      assertThat(run.get("samples").asLong()).isEqualTo(2);
      assertThat(run.get("finished").asBoolean()).isFalse();
      assertThat(run.get("state").asText()).isEqualTo("running");
      assertThat(run.get("layers")).extracting(JsonNode::asText).containsExactly("hidden", "out");
      assertThat(run.get("firingAlerts").asInt()).isZero();
      assertThat(run.get("agent").get("samplesDropped").asLong()).isEqualTo(1);

      Scrape scrape = server.scrape();
      assertThat(scrape.value("neuronwatch_layer_dead_units_ratio" + HIDDEN)).contains(0.25);
      assertThat(scrape.value("neuronwatch_layer_gradient_weight_norm" + HIDDEN)).contains(0.2);
      assertThat(scrape.value("neuronwatch_layer_gradient_depth_ratio" + HIDDEN)).contains(0.5);
      assertThat(scrape.value("neuronwatch_layer_gradient_growth_ratio" + HIDDEN)).contains(2.0);
      assertThat(scrape.value("neuronwatch_layer_gradient_decay_ratio" + HIDDEN)).contains(1.0);
      assertThat(scrape.value("neuronwatch_layer_depth" + HIDDEN)).contains(0.0);
      assertThat(scrape.value("neuronwatch_layer_weight_norm" + HIDDEN)).contains(3.5);
      assertThat(scrape.value("neuronwatch_layer_update_ratio" + HIDDEN)).contains(2e-3);
      assertThat(scrape.value("neuronwatch_layer_saturation_ratio" + OUT)).contains(0.9);
      assertThat(scrape.value("neuronwatch_layer_activation_stddev" + OUT)).contains(0.3);
      assertThat(scrape.value("neuronwatch_run_step{run=\"mnist\"}")).contains(20.0);
      assertThat(scrape.value("neuronwatch_run_loss{run=\"mnist\"}")).contains(0.5);
      assertThat(scrape.value("neuronwatch_run_samples_total{run=\"mnist\"}")).contains(2.0);
      assertThat(scrape.value("neuronwatch_agent_pushes_failed{run=\"mnist\"}")).contains(2.0);
      assertThat(scrape.value("neuronwatch_ingest_reports_total")).contains(1.0);
      assertThat(scrape.value("neuronwatch_runs")).contains(1.0);
    }
  }

  @Test
  void theAnswerCountsTheSamplesTheRunAlreadyHeldAsDuplicates() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushResponse first = response(server.push(push("mnist", sample(10, 0.2, 0.1))));
      PushResponse retried =
          response(
              server.push(
                  push("mnist", sample(10, 0.2, 0.1), sample(20, 0.2, 0.1), sample(30, 0.2, 0.1))));
      PushResponse again = response(server.push(push("mnist", sample(30, 0.2, 0.1))));

      assertThat(first.accepted()).isEqualTo(1);
      assertThat(first.duplicates()).isZero();
      assertThat(retried.accepted()).isEqualTo(2);
      assertThat(retried.duplicates()).isEqualTo(1);
      assertThat(again.accepted()).isZero();
      assertThat(again.duplicates()).isEqualTo(1);
      assertThat(server.json("/api/v1/runs").get(0).get("samples").asLong()).isEqualTo(3);
    }
  }

  @Test
  void duplicateAndOldStepsAreIgnoredSoRetriesAreIdempotent() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushRequest push = push("mnist", sample(10, 0.2, 0.1), sample(20, 0.2, 0.1));
      assertThat(response(server.push(push)).accepted()).isEqualTo(2);
      Scrape before = server.scrape();

      assertThat(response(server.push(push)).accepted()).isZero();
      assertThat(
              response(server.push(push("mnist", sample(20, 0.9, 9), sample(30, 0.3, 0.1))))
                  .accepted())
          .isEqualTo(1);

      Scrape after = server.scrape();
      assertThat(after.value("neuronwatch_run_samples_total{run=\"mnist\"}")).contains(3.0);
      assertThat(after.value("neuronwatch_run_step{run=\"mnist\"}")).contains(30.0);
      // Step 20 was not applied twice: its replayed dead ratio (0.9) never showed.
      assertThat(after.value("neuronwatch_layer_dead_units_ratio" + HIDDEN)).contains(0.3);
      assertThat(before.value("neuronwatch_ingest_reports_total")).contains(1.0);
      assertThat(after.value("neuronwatch_ingest_reports_total")).contains(3.0);
      assertThat(server.json("/api/v1/runs").get(0).get("samples").asLong()).isEqualTo(3);
    }
  }

  @Test
  void thePushResponseCarriesTheRunsFiringAlerts() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushResponse first =
          response(server.push(push("mnist", sample(1, 0.8, 0.1), sample(2, 0.8, 0.1))));
      assertThat(first.firing()).isEmpty();

      PushResponse third = response(server.push(push("mnist", sample(3, 0.8, 0.1))));

      assertThat(third.firing())
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.name()).isEqualTo("NeuronwatchDyingRelu");
                assertThat(alert.layer()).isEqualTo("hidden");
                assertThat(alert.value()).isEqualTo(0.8);
                assertThat(alert.since()).isEqualTo("2026-11-28T12:00:00Z");
              });
      assertThat(server.json("/api/v1/runs").get(0).get("firingAlerts").asInt()).isEqualTo(1);
      assertThat(
              server
                  .scrape()
                  .value(
                      "neuronwatch_alerts{alertname=\"NeuronwatchDyingRelu\","
                          + "layer=\"hidden\",run=\"mnist\",state=\"firing\"}"))
          .contains(1.0);
      // Another run's push does not see them.
      assertThat(response(server.push(push("other", sample(1, 0.1, 0.1)))).firing()).isEmpty();
    }
  }

  @Test
  void aFinishedPushMarksTheRunFinishedAndOneWithoutSamplesRegistersNoRun() throws Exception {
    try (TestServer server = TestServer.start()) {
      PushResponse nothing = response(server.push(new PushRequest("done", List.of(), null, true)));
      assertThat(nothing.accepted()).isZero();
      assertThat(nothing.attempt()).isNull();
      assertThat(server.json("/api/v1/runs")).isEmpty();

      response(server.push(push("done", sample(10, 0.2, 0.1))));
      response(server.push(new PushRequest("done", List.of(), null, true)));

      JsonNode run = server.json("/api/v1/runs").get(0);
      assertThat(run.get("finished").asBoolean()).isTrue();
      assertThat(run.get("lastStep").asLong()).isEqualTo(10);
      assertThat(run.get("agent").isNull()).isTrue();
      assertThat(server.scrape().value("neuronwatch_run_finished{run=\"done\"}")).contains(1.0);
    }
  }
}
