package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import org.junit.jupiter.api.Test;

class SaturatedActivationsRuleTest {
  private final SaturatedActivationsRule rule =
      new SaturatedActivationsRule(RuleSettings.defaults());

  private static SampleSignals sample(LayerSample... layers) {
    return new GradientHistory().observe("run", step(1, layers));
  }

  private static LayerSample output() {
    return layer("out", 9, ActivationKind.LINEAR).build();
  }

  private Verdict verdict(double saturation, Double gain) {
    return rule.evaluate(
            sample(
                layer("t", 0, ActivationKind.TANH).saturation(saturation).gain(gain).build(),
                output()))
        .get(0)
        .verdict();
  }

  @Test
  void firesOnHiddenSigmoidTanhAndSoftmaxLayersMostlyAtTheirBoundsWithoutAGain() {
    assertThat(
            rule.evaluate(
                sample(
                    layer("s", 0, ActivationKind.SIGMOID).saturation(0.7).build(),
                    layer("t", 1, ActivationKind.TANH).saturation(0.3).build(),
                    layer("p", 2, ActivationKind.SOFTMAX).saturation(0.73).build(),
                    output())))
        .extracting(RuleReading::layer, RuleReading::verdict)
        .containsExactly(
            tuple("s", Verdict.FIRE), tuple("t", Verdict.CLEAR), tuple("p", Verdict.FIRE));
  }

  @Test
  void aSaturatedLayerThatStillPassesTheGradientStaysQuiet() {
    assertThat(verdict(0.8, 0.45)).as("still passes the gradient").isEqualTo(Verdict.CLEAR);
    assertThat(verdict(0.8, 0.35)).as("gain between the thresholds").isEqualTo(Verdict.KEEP);
    assertThat(verdict(0.8, 0.05)).as("gain collapsed").isEqualTo(Verdict.FIRE);
  }

  @Test
  void theFractionHasHysteresisToo() {
    assertThat(verdict(0.45, 0.01)).isEqualTo(Verdict.KEEP);
    assertThat(verdict(0.39, 0.01)).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void valueIsTheFractionAndTheSummaryNamesBothQuantities() {
    RuleReading reading =
        rule.evaluate(
                sample(
                    layer("t", 0, ActivationKind.TANH).saturation(0.6).gain(0.04).build(),
                    output()))
            .get(0);

    assertThat(reading.value()).isEqualTo(0.6);
    assertThat(reading.threshold()).isEqualTo(0.5);
    assertThat(reading.summary())
        .isEqualTo(
            "60% of the outputs of t (tanh) are saturated (fires above 50%, clears below 40%),"
                + " activation gain 0.0400 (fires below 0.300, clears above 0.400)");
  }

  @Test
  void exemptsTheDeepestLayerBecauseAConfidentOutputIsNotPathology() {
    assertThat(
            rule.evaluate(
                sample(
                    layer("hidden", 0, ActivationKind.RELU).build(),
                    layer("out", 1, ActivationKind.SOFTMAX).saturation(0.99).build())))
        .isEmpty();
  }

  @Test
  void softmaxCanBeLeftOut() {
    SampleSignals sample =
        sample(layer("attn", 0, ActivationKind.SOFTMAX).saturation(0.9).build(), output());

    assertThat(
            new SaturatedActivationsRule(RuleSettings.builder().includeSoftmax(false).build())
                .evaluate(sample))
        .isEmpty();
  }
}
