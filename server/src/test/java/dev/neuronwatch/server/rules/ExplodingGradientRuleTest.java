package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplodingGradientRuleTest {
  private final GradientHistory history = new GradientHistory();
  private final ExplodingGradientRule rule = new ExplodingGradientRule(RuleSettings.defaults());

  private List<RuleReading> read(long step, double inputNorm, double outputNorm) {
    return rule.evaluate(
        history.observe(
            "run",
            step(
                step,
                layer("in", 0, ActivationKind.TANH).gradient(inputNorm).build(),
                layer("out", 1, ActivationKind.LINEAR).gradient(outputNorm).build())));
  }

  @Test
  void holdsWhenTheNormGrewAHundredfoldSinceTheLayersFirstSample() {
    read(1, 0.1, 0.1);
    List<RuleReading> readings = read(2, 20.0, 0.5);

    assertThat(readings.get(0).holds()).isTrue();
    assertThat(readings.get(0).value()).isEqualTo(200.0);
    // The deepest layer is judged by growth too: 5x is fine.
    assertThat(readings.get(1).holds()).isFalse();
    assertThat(readings.get(1).value()).isEqualTo(5.0);
  }

  @Test
  void holdsWhenTheNormIsAThousandfoldTheDeepestLayersWithTheLargerRatioAsValue() {
    RuleReading reading = read(1, 2000.0, 1.0).get(0);

    assertThat(reading.holds()).isTrue();
    assertThat(reading.value()).isEqualTo(2000.0);
    assertThat(reading.summary())
        .isEqualTo(
            "weight gradient of in: 1.00x its first norm (threshold 100x), 2.00e+03x the deepest"
                + " layer's (threshold 1.00e+03x)");
  }

  @Test
  void doesNotHoldExactlyAtTheThresholds() {
    read(1, 1.0, 1.0);

    assertThat(read(2, 100.0, 1.0).get(0).holds()).isFalse();
  }

  @Test
  void aZeroFirstNormGivesNoGrowthBaseline() {
    read(1, 0.0, 0.0);

    assertThat(read(2, 50.0, 0.0)).isEmpty();
  }

  @Test
  void thresholdsAreConfigurable() {
    ExplodingGradientRule strict =
        new ExplodingGradientRule(
            RuleSettings.builder().explodingGrowthRatio(2).explodingDepthRatio(10).build());
    GradientHistory fresh = new GradientHistory();
    fresh.observe("run", step(1, layer("in", 0, ActivationKind.TANH).gradient(1.0).build()));

    assertThat(
            strict.evaluate(
                fresh.observe(
                    "run", step(2, layer("in", 0, ActivationKind.TANH).gradient(3.0).build()))))
        .singleElement()
        .matches(RuleReading::holds);
  }
}
