package dev.neuronwatch.server.metrics;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.rules.AlertTransition;
import dev.neuronwatch.server.rules.AlertTransition.Kind;
import dev.neuronwatch.server.rules.GradientHistory;
import dev.neuronwatch.server.store.RunSnapshot;
import dev.neuronwatch.server.store.RunStore;
import dev.neuronwatch.server.testing.Scrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {
  private static final String DENSE = "{activation=\"relu\",layer=\"dense\",run=\"r\"}";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TrainingMetrics metrics = new TrainingMetrics(registry, new RunStore());
  private final GradientHistory history = new GradientHistory();

  private void apply(StepSample sample) {
    metrics.sampleApplied(history.observe("r", sample));
  }

  private Scrape scrape() {
    return Scrape.parse(page());
  }

  private String page() {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    try {
      new MetricsExposition(registry, metrics).write(page, ExpositionFormat.PROMETHEUS_TEXT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return page.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValueMissingFromTheLatestSampleLeavesNoStaleSeries() {
    apply(step(1, layer("dense", 0, ActivationKind.RELU).gradient(0.5).weights(2, 1e-3).build()));
    assertThat(scrape().value("neuronwatch_layer_gradient_weight_norm" + DENSE)).contains(0.5);
    assertThat(scrape().value("neuronwatch_layer_update_ratio" + DENSE)).contains(1e-3);

    apply(step(2, layer("dense", 0, ActivationKind.RELU).build()));

    assertThat(scrape().family("neuronwatch_layer_gradient_weight_norm")).isEmpty();
    assertThat(scrape().family("neuronwatch_layer_update_ratio")).isEmpty();
    assertThat(scrape().value("neuronwatch_layer_activation_mean" + DENSE)).contains(0.25);

    apply(step(3, layer("dense", 0, ActivationKind.RELU).gradient(0.7).build()));
    assertThat(scrape().value("neuronwatch_layer_gradient_weight_norm" + DENSE)).contains(0.7);
  }

  @Test
  void outputStatisticsOfAnAllNonFiniteTensorAreAbsentAndItsValuesCounted() {
    TensorSummary allNan = new TensorSummary(0, 0, 0, 0, 0, 0, 60, 4);
    apply(
        step(
            1,
            layer("dense", 0, ActivationKind.RELU)
                .output(allNan)
                .gradient(new GradientSummary(0, 0, 0, 0, 7, 0))
                .build()));
    apply(step(2, layer("dense", 0, ActivationKind.RELU).output(allNan).build()));

    Scrape scrape = scrape();
    assertThat(scrape.family("neuronwatch_layer_activation_mean")).isEmpty();
    assertThat(scrape.family("neuronwatch_layer_zero_ratio")).isEmpty();
    String counter =
        "neuronwatch_layer_nonfinite_values_total"
            + "{kind=\"%s\",layer=\"dense\",run=\"r\",tensor=\"%s\"}";
    assertThat(scrape.value(counter.formatted("nan", "output"))).contains(120.0);
    assertThat(scrape.value(counter.formatted("inf", "output"))).contains(8.0);
    assertThat(scrape.value(counter.formatted("nan", "gradient"))).contains(7.0);
    assertThat(scrape.value(counter.formatted("inf", "gradient"))).contains(0.0);
  }

  @Test
  void aLayerThatChangesActivationMovesToNewSeries() {
    apply(step(1, layer("dense", 0, ActivationKind.RELU).build()));
    apply(step(2, layer("dense", 0, ActivationKind.GELU).build()));

    assertThat(scrape().family("neuronwatch_layer_activation_mean"))
        .containsOnlyKeys(
            "neuronwatch_layer_activation_mean{activation=\"gelu\",layer=\"dense\",run=\"r\"}");
    assertThat(scrape().family("neuronwatch_layer_dead_units_ratio")).isEmpty();
  }

  @Test
  void runSeriesFollowTheLatestSampleAndPush() {
    apply(step(5, layer("dense", 0, ActivationKind.RELU).build()));
    apply(nonFiniteLossStep(6, layer("dense", 0, ActivationKind.RELU).build()));
    metrics.pushApplied(
        new RunSnapshot(
            "r",
            6L,
            null,
            Instant.ofEpochSecond(1_800_000_000),
            2,
            true,
            List.of(),
            new AgentCounters(10, 8, 2, 1)));
    metrics.pushApplied(
        new RunSnapshot(
            "r",
            6L,
            null,
            Instant.ofEpochSecond(1_800_000_100),
            2,
            true,
            List.of(),
            new AgentCounters(12, 9, 2, 1)));

    Scrape scrape = scrape();
    assertThat(scrape.value("neuronwatch_run_step{run=\"r\"}")).contains(6.0);
    assertThat(scrape.family("neuronwatch_run_loss")).isEmpty();
    assertThat(scrape.value("neuronwatch_run_loss_nonfinite_total{run=\"r\"}")).contains(1.0);
    assertThat(scrape.value("neuronwatch_run_samples_total{run=\"r\"}")).contains(2.0);
    assertThat(scrape.value("neuronwatch_run_finished{run=\"r\"}")).contains(1.0);
    assertThat(scrape.value("neuronwatch_run_last_push_timestamp_seconds{run=\"r\"}"))
        .contains(1.8000001E9);
    assertThat(scrape.value("neuronwatch_agent_samples_taken{run=\"r\"}")).contains(12.0);
    assertThat(scrape.value("neuronwatch_agent_samples_pushed{run=\"r\"}")).contains(9.0);
    assertThat(scrape.value("neuronwatch_agent_samples_dropped{run=\"r\"}")).contains(2.0);
    assertThat(scrape.value("neuronwatch_agent_pushes_failed{run=\"r\"}")).contains(1.0);
  }

  @Test
  void alertSeriesExistWhilePendingOrFiringOnly() {
    Alert pending = alert(AlertState.PENDING);
    Alert firing = alert(AlertState.FIRING);
    String series =
        "neuronwatch_alerts{alertname=\"NeuronwatchDyingRelu\",layer=\"dense\","
            + "run=\"r\",state=\"%s\"}";

    metrics.alertsChanged(List.of(new AlertTransition(Kind.PENDING, pending)));
    assertThat(scrape().family("neuronwatch_alerts")).containsOnlyKeys(series.formatted("pending"));

    metrics.alertsChanged(List.of(new AlertTransition(Kind.FIRING, firing)));
    assertThat(scrape().family("neuronwatch_alerts")).containsOnlyKeys(series.formatted("firing"));
    assertThat(scrape().value(series.formatted("firing"))).contains(1.0);

    metrics.alertsChanged(List.of(new AlertTransition(Kind.RESOLVED, alert(AlertState.RESOLVED))));
    assertThat(scrape().family("neuronwatch_alerts")).isEmpty();
  }

  @Test
  void theRunLevelAlertHasAnEmptyLayerLabel() {
    Alert loss =
        new Alert(
            "NeuronwatchNonFiniteValues",
            "r",
            "",
            AlertState.FIRING,
            1,
            "2026-01-01T00:00:00Z",
            "the loss of run r is not finite");

    metrics.alertsChanged(List.of(new AlertTransition(Kind.FIRING, loss)));

    assertThat(page())
        .contains(
            "neuronwatch_alerts{alertname=\"NeuronwatchNonFiniteValues\",layer=\"\","
                + "run=\"r\",state=\"firing\"} 1.0\n");
  }

  @Test
  void countsTheRunsOfTheStore() {
    assertThat(scrape().value("neuronwatch_runs")).contains(0.0);
  }

  private static Alert alert(AlertState state) {
    return new Alert(
        "NeuronwatchDyingRelu", "r", "dense", state, 0.9, "2026-01-01T00:00:00Z", "dying");
  }
}
