package dev.neuronwatch.server.history;

import static dev.neuronwatch.server.testing.Samples.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.server.rules.AlertTransition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

  private static StepSample sample(long step, double loss, double dead) {
    return new StepSample(
        step,
        step,
        loss,
        false,
        List.of(
            layer("dense_1", 1, ActivationKind.RELU).dead(dead).gradient(2.0).build(),
            layer("dense_0", 0, ActivationKind.RELU).dead(dead / 2).build()));
  }

  @Test
  void keepsEverySampleUntilFullThenHalvesAndDoublesTheStride() {
    TrainingHistory history = new TrainingHistory(8, 16);
    for (int i = 1; i <= 8; i++) {
      history.sampleApplied("r", sample(i * 10L, i, 0.1), List.of());
    }
    SeriesView full = history.view("r", SeriesMetric.LOSS, null, 0).orElseThrow();
    assertThat(full.stride()).isEqualTo(1);
    assertThat(full.steps()).containsExactly(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L);

    history.sampleApplied("r", sample(90, 9, 0.1), List.of());

    SeriesView compacted = history.view("r", SeriesMetric.LOSS, null, 0).orElseThrow();
    assertThat(compacted.stride()).isEqualTo(2);
    // Each point keeps the newest of its pair; the newest sample is always the last point.
    assertThat(compacted.steps()).containsExactly(20L, 40L, 60L, 80L, 90L);
    assertThat(compacted.series().get(0).values()).containsExactly(2.0, 4.0, 6.0, 8.0, 9.0);
  }

  @Test
  void aLongRunStaysWithinTheBoundWithTheLatestStepLast() {
    TrainingHistory history = new TrainingHistory(16, 16);
    for (int i = 1; i <= 10_000; i++) {
      history.sampleApplied("r", sample(i, i, 0.5), List.of());
    }

    SeriesView view = history.view("r", SeriesMetric.DEAD_UNITS_RATIO, null, 0).orElseThrow();

    assertThat(view.steps()).hasSizeBetween(8, 16).endsWith(10_000L);
    assertThat(view.steps()).isSorted();
    assertThat(view.series())
        .allSatisfy(line -> assertThat(line.values()).hasSameSizeAs(view.steps()));
  }

  @Test
  void servesLayersInDepthOrderWithNullWhereAStatisticIsAbsent() {
    TrainingHistory history = new TrainingHistory();
    history.sampleApplied("r", sample(10, 1, 0.4), List.of());

    SeriesView dead = history.view("r", SeriesMetric.DEAD_UNITS_RATIO, null, 0).orElseThrow();
    SeriesView grad = history.view("r", SeriesMetric.GRADIENT_WEIGHT_NORM, null, 0).orElseThrow();

    assertThat(dead.series())
        .extracting(SeriesView.Line::layer)
        .containsExactly("dense_0", "dense_1");
    assertThat(dead.series().get(0).values()).containsExactly(0.2);
    assertThat(dead.series().get(0).activation()).isEqualTo("relu");
    assertThat(grad.series().get(0).values()).containsExactly((Double) null);
    assertThat(grad.series().get(1).values()).containsExactly(2.0);
  }

  @Test
  void fromSkipsEarlierStepsAndLayerSelectsOneLine() {
    TrainingHistory history = new TrainingHistory();
    for (int i = 1; i <= 5; i++) {
      history.sampleApplied("r", sample(i * 10L, i, 0.1 * i), List.of());
    }

    SeriesView view = history.view("r", SeriesMetric.DEAD_UNITS_RATIO, "dense_1", 30).orElseThrow();

    assertThat(view.steps()).containsExactly(30L, 40L, 50L);
    assertThat(view.series())
        .singleElement()
        .extracting(SeriesView.Line::layer)
        .isEqualTo("dense_1");
  }

  @Test
  void recordsFiringAndResolvedAtTheSampleStepAndForgetsEndedRuns() {
    TrainingHistory history = new TrainingHistory();
    Alert alert =
        new Alert("NeuronwatchDyingRelu", "r", "dense_1", AlertState.FIRING, 0.7, "t", "s");
    history.sampleApplied(
        "r",
        sample(30, 1, 0.7),
        List.of(
            new AlertTransition(AlertTransition.Kind.PENDING, alert),
            new AlertTransition(AlertTransition.Kind.FIRING, alert)));

    SeriesView view = history.view("r", SeriesMetric.LOSS, null, 0).orElseThrow();
    assertThat(view.events())
        .containsExactly(
            new SeriesView.AlertEvent("NeuronwatchDyingRelu", "dense_1", "firing", 30));
    assertThat(
            history.view("r", SeriesMetric.DEAD_UNITS_RATIO, "dense_0", 0).orElseThrow().events())
        .isEmpty();

    history.runEnded("r");
    assertThat(history.view("r", SeriesMetric.LOSS, null, 0)).isEmpty();
  }

  @Test
  void samplesWithoutLayersArePointsOfTheLossOnly() {
    TrainingHistory history = new TrainingHistory();
    history.sampleApplied("r", sample(10, 1.0, 0.2), List.of());
    // A loss spike the agent reported on a step it did not sample: the loss, no layers.
    history.sampleApplied("r", new StepSample(13, 13, 9.0, false, List.of()), List.of());
    history.sampleApplied("r", sample(20, 1.1, 0.4), List.of());

    SeriesView loss = history.view("r", SeriesMetric.LOSS, null, 0).orElseThrow();
    SeriesView dead = history.view("r", SeriesMetric.DEAD_UNITS_RATIO, null, 0).orElseThrow();
    SeriesView gradient =
        history.view("r", SeriesMetric.GRADIENT_WEIGHT_NORM, "dense_0", 0).orElseThrow();

    assertThat(loss.steps()).containsExactly(10L, 13L, 20L);
    assertThat(loss.series().get(0).values()).containsExactly(1.0, 9.0, 1.1);
    assertThat(dead.steps()).containsExactly(10L, 20L);
    assertThat(dead.series().get(0).values()).containsExactly(0.1, 0.2);
    assertThat(dead.series().get(1).values()).containsExactly(0.2, 0.4);
    // dense_0 never carries a gradient: no step has a point of it.
    assertThat(gradient.steps()).isEmpty();
    assertThat(gradient.series().get(0).values()).isEmpty();
  }

  @Test
  void nonFiniteLossIsNull() {
    TrainingHistory history = new TrainingHistory();
    history.sampleApplied("r", new StepSample(1, 1, null, true, List.of()), List.of());

    assertThat(history.view("r", SeriesMetric.LOSS, null, 0).orElseThrow().series().get(0).values())
        .containsExactly((Double) null);
  }

  @Test
  void rejectsAnOddBound() {
    assertThatThrownBy(() -> new TrainingHistory(7, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points");
  }
}
