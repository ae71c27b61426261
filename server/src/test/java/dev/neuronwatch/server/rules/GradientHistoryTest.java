package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
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
