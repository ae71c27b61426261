package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.TensorSummary;
import org.junit.jupiter.api.Test;

class NonFiniteValuesRuleTest {
  private final NonFiniteValuesRule rule = new NonFiniteValuesRule(RuleSettings.defaults());

  @Test
  void countsNanAndInfOfOutputsAndGradientsPerLayer() {
    SampleSignals sample =
        new GradientHistory()
            .observe(
                "run",
                step(
                    1,
                    layer("a", 0, ActivationKind.RELU)
                        .output(new TensorSummary(60, 0.1, 0.01, 0, 1, 0.5, 3, 1))
                        .gradient(new GradientSummary(1, 1, 1, 1e-3, 2, 0))
                        .build(),
                    layer("b", 1, ActivationKind.LINEAR).build()));

    assertThat(rule.evaluate(sample))
        .extracting(RuleReading::layer, RuleReading::holds, RuleReading::value)
        .containsExactly(tuple("a", true, 6.0), tuple("b", false, 0.0), tuple("", false, 0.0));
    assertThat(rule.evaluate(sample).get(0).summary())
        .isEqualTo("a has 6 non-finite values (output: 3 NaN, 1 Inf; gradient: 2 NaN, 0 Inf)");
  }

  @Test
  void aNonFiniteLossHoldsForTheRunLevelAlert() {
    SampleSignals sample =
        new GradientHistory()
            .observe("run-7", nonFiniteLossStep(1, layer("a", 0, ActivationKind.RELU).build()));

    RuleReading run = rule.evaluate(sample).get(1);
    assertThat(run.layer()).isEqualTo(NonFiniteValuesRule.RUN_LEVEL);
    assertThat(run.holds()).isTrue();
    assertThat(run.value()).isEqualTo(1.0);
    assertThat(run.summary()).isEqualTo("the loss of run run-7 is not finite");
  }

  @Test
  void firesAfterTheNonFiniteHoldAndResolvesAfterTheCommonHold() {
    NonFiniteValuesRule configured =
        new NonFiniteValuesRule(RuleSettings.builder().hold(4).nonFiniteHold(2).build());

    assertThat(rule.fireAfter()).isEqualTo(1);
    assertThat(rule.resolveAfter()).isEqualTo(3);
    assertThat(configured.fireAfter()).isEqualTo(2);
    assertThat(configured.resolveAfter()).isEqualTo(4);
  }
}
