package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientHistoryTest {
  private final GradientHistory history = new GradientHistory();

  private List<LayerSignals> observe(long step, double inputNorm, double outputNorm) {
    return history
        .observe(
            "run",
            step(
                step,
                layer("in", 0, ActivationKind.RELU).gradient(inputNorm).build(),
                layer("out", 1, ActivationKind.SOFTMAX).gradient(outputNorm).build()))
        .layers();
  }

  @Test
  void depthRatioComparesWithTheDeepestLayerOfTheSameSample() {
    List<LayerSignals> layers = observe(1, 0.002, 4.0);

    assertThat(layers.get(0).depthRatio()).isEqualTo(0.0005);
    assertThat(layers.get(0).deepest()).isFalse();
    assertThat(layers.get(1).depthRatio()).isEqualTo(1.0);
    assertThat(layers.get(1).deepest()).isTrue();
  }

  @Test
  void depthRatioIsAbsentWhenTheDeepestNormIsZeroOrMissing() {
    assertThat(observe(1, 0.5, 0).get(0).depthRatio()).isNull();

    SampleSignals noDeepGradient =
        history.observe(
            "run",
            step(
                2,
                layer("in", 0, ActivationKind.RELU).gradient(0.5).build(),
                layer("out", 1, ActivationKind.SOFTMAX).build()));
    assertThat(noDeepGradient.layers().get(0).depthRatio()).isNull();
  }

  @Test
  void growthRatioComparesWithTheMedianOfTheRecentNormsAndDecayWithThePeak() {
    assertThat(observe(1, 0.5, 1).get(0).growthRatio()).as("no earlier norm").isNull();
    assertThat(observe(2, 2.0, 1).get(0).growthRatio()).isEqualTo(4.0);
    observe(3, 0.25, 1);

    List<LayerSignals> fourth = observe(4, 1.0, 1);

    assertThat(fourth.get(0).growthRatio()).as("median of 0.5, 2, 0.25").isEqualTo(2.0);
    assertThat(fourth.get(0).decayRatio()).isEqualTo(0.5);
  }

  @Test
  void theBaselineFollowsTheRecentNormsNotTheFirst() {
    // A net whose first gradients were tiny and then recovered does not read as exploding.
    observe(1, 1e-6, 1);
    for (int step = 2; step <= 7; step++) {
      observe(step, 1.0, 1);
    }

    assertThat(observe(8, 1.5, 1).get(0).growthRatio()).isEqualTo(1.5);
  }

  @Test
  void theBaselineIsTheMedianOverTimeWhateverTheSamplingRate() {
    // Growing tenfold every 10 steps, sampled every 10 steps and then at every step (an agent's
    // burst): each sample stands for the steps since the previous one, so the four burst samples
    // do not pull the baseline up to the explosion itself.
    for (int step = 10; step <= 100; step += 10) {
      observe(step, norm(step), 1);
    }
    for (int step = 101; step <= 104; step++) {
      observe(step, norm(step), 1);
    }

    // Steps 55-104: 1e2 (at 60) stands for 6 steps, 1e3 .. 1e6 for 10 each, the burst for 1 each;
    // half of the 50 steps lies at 1e4.
    assertThat(observe(105, norm(105), 1).get(0).growthRatio())
        .isCloseTo(Math.pow(10, 2.5), within(1e-6));
  }

  /** A norm that grows tenfold every 10 steps: 1e-3 at step 10. */
  private static double norm(int step) {
    return Math.pow(10, step / 10.0 - 4);
  }

  @Test
  void normsOlderThanTheWindowLeaveTheBaseline() {
    for (int step = 1; step <= 3; step++) {
      observe(step, 1, 1);
    }
    observe(60, 100, 1);
    observe(100, 1, 1);

    assertThat(observe(120, 2, 1).get(0).growthRatio())
        .as("step 60 is out of the window")
        .isEqualTo(2.0);
    assertThat(observe(300, 2, 1).get(0).growthRatio()).as("no norm in the window").isNull();
  }

  @Test
  void aJumpFarBelowTheEarlyScaleIsMeasuredAgainstTheFloor() {
    // Converged: the norm fell from 1 to 1e-5 and one minibatch gives 1e-3, a hundredfold jump
    // that stays far below where training started.
    for (int step = 1; step <= 5; step++) {
      observe(step, 1.0, 1);
    }
    for (int step = 6; step <= 60; step++) {
      observe(step, 1e-5, 1);
    }

    assertThat(observe(61, 1e-3, 1).get(0).growthRatio())
        .as("1e-3 over the floor 0.1 x early scale 1")
        .isCloseTo(0.01, within(1e-12));
    assertThat(observe(62, 10, 1).get(0).growthRatio()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void growthRatioIsAbsentForAZeroBaseline() {
    observe(1, 0, 1);
    observe(2, 0, 1);
    observe(3, 0, 1);

    assertThat(observe(4, 5, 1).get(0).growthRatio()).isNull();
  }

  @Test
  void ratiosBeyondTheDoubleRangeAreCappedNotInfinite() {
    observe(1, Double.MIN_VALUE, 1);
    observe(2, Double.MIN_VALUE, 1);
    observe(3, Double.MIN_VALUE, 1);

    assertThat(observe(4, 1e300, 1).get(0).growthRatio()).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void aLayerWithoutGradientHasNoRatios() {
    SampleSignals sample =
        history.observe("run", step(1, layer("in", 0, ActivationKind.TANH).build()));

    LayerSignals only = sample.layers().get(0);
    assertThat(only.deepest()).isTrue();
    assertThat(only.depthRatio()).isNull();
    assertThat(only.growthRatio()).isNull();
    assertThat(only.decayRatio()).isNull();
  }
}
