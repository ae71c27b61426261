package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.LayerSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class DyingReluRuleTest {
  private final DyingReluRule rule = new DyingReluRule(RuleSettings.defaults());

  private static SampleSignals sample(LayerSample... layers) {
    return new GradientHistory().observe("run", step(1, layers));
  }

  @Test
  void holdsWhenMoreThanHalfTheUnitsAreDead() {
    List<RuleReading> readings =
        rule.evaluate(
            sample(
                layer("a", 0, ActivationKind.RELU).dead(0.51).build(),
                layer("b", 1, ActivationKind.LEAKY_RELU).dead(0.5).build()));

    assertThat(readings)
        .extracting(RuleReading::layer, RuleReading::holds, RuleReading::value)
        .containsExactly(tuple("a", true, 0.51), tuple("b", false, 0.5));
    assertThat(readings.get(0).summary())
        .isEqualTo("51% of the units of a are dead (threshold 50%)");
  }

  @Test
  void appliesToEveryReluFamilyKindIncludingTheDeepestLayer() {
    for (ActivationKind kind :
        List.of(
            ActivationKind.RELU,
            ActivationKind.LEAKY_RELU,
            ActivationKind.PRELU,
            ActivationKind.ELU)) {
      assertThat(rule.evaluate(sample(layer("x", 3, kind).dead(0.9).build())))
          .singleElement()
          .matches(RuleReading::holds, kind.wireName());
    }
  }

  @Test
  void ignoresOtherActivationsAndLayersWithoutDeadFraction() {
    assertThat(
            rule.evaluate(
                sample(
                    layer("t", 0, ActivationKind.TANH).build(),
                    layer("g", 1, ActivationKind.GELU).build(),
                    layer("r", 2, ActivationKind.RELU).dead(null).build())))
        .isEmpty();
  }

  @Test
  void thresholdIsConfigurable() {
    DyingReluRule strict = new DyingReluRule(RuleSettings.builder().deadUnitRatio(0.2).build());

    assertThat(strict.evaluate(sample(layer("a", 0, ActivationKind.RELU).dead(0.3).build())))
        .singleElement()
        .matches(RuleReading::holds);
  }
}
