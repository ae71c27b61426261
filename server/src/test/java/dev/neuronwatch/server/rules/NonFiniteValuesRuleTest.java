package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.TensorSummary;
import org.junit.jupiter.api.Test;

class NonFiniteValuesRuleTest {
  private final NonFiniteValuesRule rule = new NonFiniteValuesRule(RuleSettings.defaults());

  @Test
  void countsNanAndInfOfOutputsGradientsWeightsAndUpdatePerLayerWithTheOrigin() {
    SampleSignals sample =
        new GradientHistory()
            .observe(
                "run",
                step(
                    7,
                    layer("a", 0, ActivationKind.RELU)
                        .output(new TensorSummary(60, 0.1, 0.01, 0, 1, 0.5, 3, 1))
                        .gradient(new GradientSummary(1, 1, 1, 1e-3, 2, 0))
                        .nonFiniteParameters(5L, 1L)
                        .build(),
                    layer("b", 1, ActivationKind.LINEAR).build()));

    assertThat(rule.evaluate(sample))
        .extracting(RuleReading::layer, RuleReading::verdict, RuleReading::value)
        .containsExactly(
            tuple("a", Verdict.FIRE, 12.0),
            tuple("b", Verdict.CLEAR, 0.0),
            tuple("", Verdict.CLEAR, 0.0));
    RuleReading a = rule.evaluate(sample).get(0);
    assertThat(a.origin()).isEqualTo(new NonFiniteOrigin("a", "output", 7));
    assertThat(a.summary())
        .isEqualTo(
            "a has 12 non-finite values (output: 3 NaN, 1 Inf; gradient: 2 NaN, 0 Inf; weights:"
                + " 5; update: 1); first non-finite: output of a at step 7");
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
    assertThat(run.origin()).isEqualTo(new NonFiniteOrigin("", "loss", 1));
    assertThat(run.summary())
        .isEqualTo("the loss of run run-7 is not finite; first non-finite: the loss at step 1");
  }

  @Test
  void theOriginIsKeptForTheRestOfTheRun() {
    GradientHistory history = new GradientHistory();
    history.observe("r", nonFiniteLossStep(3));
    SampleSignals later =
        history.observe(
            "r",
            step(
                9,
                layer("a", 0, ActivationKind.RELU)
                    .output(new TensorSummary(60, 0.1, 0.01, 0, 1, 0.5, 3, 1))
                    .build()));

    assertThat(rule.evaluate(later).get(0).origin()).isEqualTo(new NonFiniteOrigin("", "loss", 3));
  }

  @Test
  void firesAfterTheNonFiniteHoldAndResolvesAfterTheResolveHold() {
    NonFiniteValuesRule configured =
        new NonFiniteValuesRule(RuleSettings.builder().resolveHold(4).nonFiniteHold(2).build());

    assertThat(rule.fireAfter()).isEqualTo(1);
    assertThat(rule.resolveAfter()).isEqualTo(6);
    assertThat(configured.fireAfter()).isEqualTo(2);
    assertThat(configured.resolveAfter()).isEqualTo(4);
  }
}
