package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyWatchTest {
  private static final TensorSummary FINITE = new TensorSummary(4, 0, 1, -1, 1, 0, 0, 0);
  private static final TensorSummary ONE_NAN = new TensorSummary(3, 0, 1, -1, 1, 0, 1, 0);

  private final AnomalyWatch watch = new AnomalyWatch(128);

  private static LayerSample layer(String name, double gradientNorm, TensorSummary output) {
    return new LayerSample(
        name,
        0,
        ActivationKind.RELU,
        4,
        output,
        0.0,
        null,
        new GradientSummary(gradientNorm, 0, 0, gradientNorm / 4, 0, 0),
        null,
        null);
  }

  @Test
  void aNonFiniteLossIsAnAnomalyWhenItAppearsNotWhileItStays() {
    assertThat(watch.lossAnomaly(true, 1.0)).isFalse();
    assertThat(watch.lossAnomaly(true, Double.NaN)).isTrue();
    assertThat(watch.lossAnomaly(true, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(watch.lossAnomaly(false, Double.NaN))
        .as("a step without a loss changes nothing")
        .isFalse();
    assertThat(watch.lossAnomaly(true, Double.NaN)).isFalse();
    assertThat(watch.lossAnomaly(true, 0.9)).isFalse();
    assertThat(watch.lossAnomaly(true, Double.NaN)).as("failing again after recovering").isTrue();
  }

  @Test
  void aLossSpikeIsJudgedAgainstTheLossesBeforeIt() {
    for (int step = 0; step < 40; step++) {
      double loss = 1.0 + 0.01 * (step % 3);
      assertThat(watch.lossAnomaly(true, loss)).isFalse();
      watch.addLoss(loss);
    }
    assertThat(watch.window().count()).isEqualTo(40);

    assertThat(watch.lossAnomaly(true, 5.0)).isTrue();
    watch.addLoss(5.0);
    watch.addLoss(Double.NaN);
    assertThat(watch.window().count()).isEqualTo(41);
  }

  @Test
  void theNetworksWeightGradientAboveTenTimesItsRecentLargestIsAnAnomaly() {
    // Network norms: 5, 50 (too short a history to judge), then sqrt(300^2 + 400^2) = 500.
    assertThat(watch.layerAnomaly(List.of(layer("a", 3, FINITE), layer("b", 4, FINITE)))).isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 30, FINITE), layer("b", 40, FINITE))))
        .as("one earlier norm is too short a history")
        .isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 300, FINITE), layer("b", 400, FINITE))))
        .as("exactly ten times the largest recent norm")
        .isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 3000, FINITE), layer("b", 4001, FINITE))))
        .isTrue();
  }

  @Test
  void oneLayerScatteringLikeAConvergedMinibatchIsNoAnomaly() {
    // One small layer jumping 11x its recent largest while the big layer stays: not an explosion.
    for (int step = 0; step < 10; step++) {
      assertThat(watch.layerAnomaly(List.of(layer("a", 0.005, FINITE), layer("b", 0.2, FINITE))))
          .isFalse();
    }
    assertThat(watch.layerAnomaly(List.of(layer("a", 0.059, FINITE), layer("b", 0.2, FINITE))))
        .isFalse();
  }

  @Test
  void forgetsNormsOlderThanItsHistory() {
    watch.layerAnomaly(List.of(layer("a", 100, FINITE)));
    for (int i = 0; i < AnomalyWatch.GRADIENT_HISTORY; i++) {
      assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE)))).isFalse();
    }
    assertThat(watch.layerAnomaly(List.of(layer("a", 11, FINITE)))).isTrue();
  }

  @Test
  void nonFiniteTensorsAreAnAnomalyWhenTheyAppear() {
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE)))).isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, ONE_NAN)))).isTrue();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, ONE_NAN)))).isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE)))).isFalse();
    LayerSample nanWeights =
        new LayerSample(
            "a",
            0,
            ActivationKind.RELU,
            4,
            FINITE,
            0.0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            3L,
            0L);
    assertThat(watch.layerAnomaly(List.of(nanWeights))).isTrue();
  }
}
