package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class DyingReluRuleTest {
  private final DyingReluRule rule = new DyingReluRule(RuleSettings.defaults());

  private static SampleSignals sample(LayerSample... layers) {
    return new GradientHistory().observe("run", step(1, layers));
  }

  private Verdict verdict(double dead) {
    return rule.evaluate(sample(layer("a", 0, ActivationKind.RELU).dead(dead).build()))
        .get(0)
        .verdict();
  }

  @Test
  void firesAboveHalfTheUnitsDeadWithValueThresholdAndBothInTheSummary() {
    List<RuleReading> readings =
        rule.evaluate(sample(layer("a", 0, ActivationKind.RELU).dead(0.51).build()));

    assertThat(readings)
        .extracting(RuleReading::layer, RuleReading::verdict, RuleReading::value)
        .containsExactly(tuple("a", Verdict.FIRE, 0.51));
    assertThat(readings.get(0).threshold()).isEqualTo(0.5);
    assertThat(readings.get(0).summary())
        .isEqualTo("51% of the units of a are dead (fires above 50%, clears below 40%)");
  }

  @Test
  void clearsBelowTheClearThresholdAndKeepsBetweenTheTwo() {
    assertThat(verdict(0.5)).isEqualTo(Verdict.KEEP);
    assertThat(verdict(0.4)).isEqualTo(Verdict.KEEP);
    assertThat(verdict(0.39)).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void judgesReluOnlyNeverTheNegativeRegimeOfLeakyPreluOrElu() {
    for (ActivationKind kind :
        List.of(ActivationKind.LEAKY_RELU, ActivationKind.PRELU, ActivationKind.ELU)) {
      assertThat(rule.evaluate(sample(layer("x", 3, kind).dead(0.95).negative(0.95).build())))
          .as(kind.wireName())
          .isEmpty();
    }
    assertThat(rule.evaluate(sample(layer("x", 3, ActivationKind.RELU).dead(0.9).build())))
        .singleElement()
        .matches(RuleReading::holds, "the deepest ReLU layer is judged too");
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
  void thresholdsAreConfigurable() {
    DyingReluRule strict =
        new DyingReluRule(
            RuleSettings.builder().deadUnitRatio(0.2).deadUnitClearRatio(0.1).build());

    assertThat(strict.evaluate(sample(layer("a", 0, ActivationKind.RELU).dead(0.3).build())))
        .singleElement()
        .matches(RuleReading::holds);
  }
}
