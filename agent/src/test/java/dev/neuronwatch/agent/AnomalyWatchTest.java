package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.TensorSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyWatchTest {
  private static final TensorSummary FINITE = new TensorSummary(4, 0, 1, -1, 1, 0, 0, 0);
  private static final TensorSummary ONE_NAN = new TensorSummary(3, 0, 1, -1, 1, 0, 1, 0);

  private final AnomalyWatch watch = new AnomalyWatch(128);

  private static LayerSample layer(String name, double gradientNorm, TensorSummary output) {
    return new LayerSample(
        name, 0, ActivationKind.RELU, 4, output, 0.0, null,
        new GradientSummary(gradientNorm, 0, 0, gradientNorm / 4, 0, 0), null, null);
  }

  @Test
  void aNonFiniteLossIsAnAnomalyWhenItAppearsNotWhileItStays() {
    assertThat(watch.lossAnomaly(1.0, false)).isFalse();
    assertThat(watch.lossAnomaly(null, true)).isTrue();
    assertThat(watch.lossAnomaly(null, true)).isFalse();
    assertThat(watch.lossAnomaly(null, false)).as("a step without a loss changes nothing").isFalse();
    assertThat(watch.lossAnomaly(null, true)).isFalse();
    assertThat(watch.lossAnomaly(0.9, false)).isFalse();
    assertThat(watch.lossAnomaly(null, true)).as("failing again after recovering").isTrue();
  }

  @Test
  void aLossSpikeIsJudgedAgainstTheLossesBeforeIt() {
    for (int step = 0; step < 40; step++) {
      double loss = 1.0 + 0.01 * (step % 3);
      assertThat(watch.lossAnomaly(loss, false)).isFalse();
      watch.addLoss(loss);
    }
    assertThat(watch.window().count()).isEqualTo(40);

    assertThat(watch.lossAnomaly(5.0, false)).isTrue();
    watch.addLoss(5.0);
    watch.addLoss(null);
    assertThat(watch.window().count()).isEqualTo(41);
  }

  @Test
  void aWeightGradientGrowingMoreThanTenfoldSinceItsLastSampleIsAnAnomaly() {
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE), layer("b", 0, FINITE))))
        .isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 10, FINITE), layer("b", 5, FINITE))))
        .as("exactly tenfold, and growth from a zero norm")
        .isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 100.5, FINITE), layer("b", 5, FINITE))))
        .isTrue();
    assertThat(watch.layerAnomaly(List.of(layer("a", 100.5, FINITE), layer("b", 5, FINITE))))
        .isFalse();
  }

  @Test
  void nonFiniteTensorsAreAnAnomalyWhenTheyAppear() {
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE)))).isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, ONE_NAN)))).isTrue();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, ONE_NAN)))).isFalse();
    assertThat(watch.layerAnomaly(List.of(layer("a", 1, FINITE)))).isFalse();
    LayerSample nanWeights =
        new LayerSample("a", 0, ActivationKind.RELU, 4, FINITE, 0.0, null, null, null, null,
            null, null, null, 3L, 0L);
    assertThat(watch.layerAnomaly(List.of(nanWeights))).isTrue();
  }
}
