package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.LayerSample;
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

  @Test
  void holdsForSigmoidAndTanhLayersMostlyAtTheirBounds() {
    assertThat(
            rule.evaluate(
                sample(
                    layer("s", 0, ActivationKind.SIGMOID).saturation(0.7).build(),
                    layer("t", 1, ActivationKind.TANH).saturation(0.4).build(),
                    output())))
        .extracting(RuleReading::layer, RuleReading::holds)
        .containsExactly(tuple("s", true), tuple("t", false));
  }

  @Test
  void exemptsTheDeepestLayerBecauseAConfidentOutputIsNotPathology() {
    assertThat(
            rule.evaluate(
                sample(
                    layer("hidden", 0, ActivationKind.RELU).build(),
                    layer("out", 1, ActivationKind.SIGMOID).saturation(0.99).build())))
        .isEmpty();
  }

  @Test
  void countsSoftmaxOnlyWhenConfigured() {
    SampleSignals sample =
        sample(layer("attn", 0, ActivationKind.SOFTMAX).saturation(0.9).build(), output());

    assertThat(rule.evaluate(sample)).isEmpty();
    assertThat(
            new SaturatedActivationsRule(RuleSettings.builder().includeSoftmax(true).build())
                .evaluate(sample))
        .singleElement()
        .matches(RuleReading::holds);
  }

  @Test
  void valueIsTheSaturationFractionAndTheThresholdIsConfigurable() {
    SaturatedActivationsRule strict =
        new SaturatedActivationsRule(RuleSettings.builder().saturationRatio(0.1).build());

    RuleReading reading =
        strict
            .evaluate(sample(layer("t", 0, ActivationKind.TANH).saturation(0.2).build(), output()))
            .get(0);
    assertThat(reading.holds()).isTrue();
    assertThat(reading.value()).isEqualTo(0.2);
    assertThat(reading.summary())
        .isEqualTo("20% of the outputs of t (tanh) are saturated (threshold 10%)");
  }
}
