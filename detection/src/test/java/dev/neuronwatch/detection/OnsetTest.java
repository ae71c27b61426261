package dev.neuronwatch.detection;

import static dev.neuronwatch.detection.Samples.layer;
import static dev.neuronwatch.detection.Samples.step;
import static dev.neuronwatch.protocol.ActivationKind.LEAKY_RELU;
import static dev.neuronwatch.protocol.ActivationKind.RELU;
import static dev.neuronwatch.protocol.ActivationKind.SOFTMAX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnsetTest {
  @Test
  void deadUnitsStartWhenAHiddenReluLayerPassesHalfDead() {
    List<StepSample> steps =
        List.of(
            step(1, 1.0, layer("dense_0", 0, RELU, 0.4, 1), layer("output", 1, SOFTMAX, null, 1)),
            step(2, 1.0, layer("dense_0", 0, RELU, 0.6, 1), layer("output", 1, SOFTMAX, null, 1)));

    assertThat(Onset.DEAD_UNITS.find(steps)).hasValue(2);
  }

  @Test
  void deadUnitsIgnoreLeakyLayers() {
    List<StepSample> steps =
        List.of(
            step(
                1,
                1.0,
                layer("dense_0", 0, LEAKY_RELU, 0.9, 1),
                layer("output", 1, SOFTMAX, null, 1)));

    assertThat(Onset.DEAD_UNITS.find(steps)).isEmpty();
  }

  @Test
  void attenuationComparesHiddenLayersWithTheDeepest() {
    List<StepSample> steps =
        List.of(
            step(
                1, 1.0, layer("dense_0", 0, RELU, 0.0, 1e-2), layer("output", 1, SOFTMAX, null, 1)),
            step(
                2,
                1.0,
                layer("dense_0", 0, RELU, 0.0, 1e-4),
                layer("output", 1, SOFTMAX, null, 1)));

    assertThat(Onset.ATTENUATION.find(steps)).hasValue(2);
  }

  @Test
  void gradientGrowthIsMeasuredAgainstTheFirstTenSteps() {
    List<StepSample> steps = new ArrayList<>();
    for (long s = 1; s <= 10; s++) {
      steps.add(step(s, 1.0, layer("dense_0", 0, RELU, 0.0, 1)));
    }
    steps.add(step(11, 1.0, layer("dense_0", 0, RELU, 0.0, 99)));
    steps.add(step(12, 1.0, layer("dense_0", 0, RELU, 0.0, 101)));

    assertThat(Onset.GRADIENT_GROWTH.find(steps)).hasValue(12);
  }

  @Test
  void aNonFiniteLossIsGrowthAndItsOwnOnset() {
    List<StepSample> steps = List.of(step(1, 1.0), step(2, 1.0), step(3, null));

    assertThat(Onset.GRADIENT_GROWTH.find(steps)).hasValue(3);
    assertThat(Onset.NON_FINITE_LOSS.find(steps)).hasValue(3);
  }

  @Test
  void lossSpikeNeedsThirtyTwoLossesAndTwiceTheMedian() {
    List<StepSample> steps = new ArrayList<>();
    steps.add(step(1, 50.0));
    for (long s = 2; s <= 40; s++) {
      steps.add(step(s, s % 2 == 0 ? 1.0 : 1.1));
    }
    steps.add(step(41, 2.5));
    steps.add(step(42, 1.0));

    // step 1 is too early to judge; 41 is 2.5 > 2 x 1.05 and far outside the MAD band.
    assertThat(Onset.LOSS_SPIKE.find(steps)).hasValue(41);
  }

  @Test
  void lossSpikeIgnoresOrdinaryNoise() {
    List<StepSample> steps = new ArrayList<>();
    for (long s = 1; s <= 200; s++) {
      steps.add(step(s, 1.0 + 0.5 * Math.sin(s)));
    }

    assertThat(Onset.LOSS_SPIKE.find(steps)).isEmpty();
  }
}
