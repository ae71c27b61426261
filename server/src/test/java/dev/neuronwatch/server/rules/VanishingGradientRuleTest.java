package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class VanishingGradientRuleTest {
  private final GradientHistory history = new GradientHistory();
  private final VanishingGradientRule rule = new VanishingGradientRule(RuleSettings.defaults());

  private List<RuleReading> read(long step, GradientSummary input, GradientSummary output) {
    return rule.evaluate(
        history.observe(
            "run",
            step(
                step,
                layer("in", 0, ActivationKind.RELU).gradient(input).build(),
                layer("out", 1, ActivationKind.LINEAR).gradient(output).build())));
  }

  private static GradientSummary norm(double weightNorm) {
    return new GradientSummary(weightNorm, 0, 0, 1e-3, 0, 0);
  }

  private static GradientSummary meanAbs(double weightMeanAbs) {
    return new GradientSummary(1.0, 0, 0, weightMeanAbs, 0, 0);
  }

  @Test
  void holdsWhenTheNormIsFarBelowTheDeepestLayersAndNeverJudgesTheDeepestLayer() {
    List<RuleReading> readings = read(1, norm(1e-4), norm(1.0));

    assertThat(readings)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.layer()).isEqualTo("in");
              assertThat(r.holds()).isTrue();
              assertThat(r.value()).isEqualTo(1e-4);
              assertThat(r.summary())
                  .startsWith("weight gradient of in: ")
                  .contains("of the deepest layer's");
            });
  }

  @Test
  void doesNotHoldAtTheDepthThresholdOrWithoutADeepestNorm() {
    assertThat(read(1, norm(1e-3), norm(1.0))).singleElement().matches(r -> !r.holds());
    assertThat(read(2, norm(1e-6), norm(0))).singleElement().matches(r -> !r.holds());
  }

  @Test
  void holdsOnATinyMeanAbsoluteGradientWithTheMeanAsValue() {
    RuleReading reading = read(1, meanAbs(5e-8), meanAbs(1e-3)).get(0);

    assertThat(reading.holds()).isTrue();
    assertThat(reading.value()).isEqualTo(5e-8);
  }

  @Test
  void holdsWhenTheNormDecayedFarBelowItsPeakInTheRun() {
    read(1, norm(2.0), norm(4.0));
    RuleReading healthy = read(2, norm(1.0), norm(2.0)).get(0);
    RuleReading decayed = read(3, norm(1e-4), norm(2e-4)).get(0);

    assertThat(healthy.holds()).isFalse();
    assertThat(decayed.holds()).isTrue();
    // The depth ratio stays 0.5 throughout: only the decay over time reveals the problem.
    assertThat(decayed.value()).isEqualTo(0.5);
    assertThat(decayed.summary()).contains("5.00e-05 of its peak");
  }

  @Test
  void ignoresLayersWithoutGradient() {
    assertThat(
            rule.evaluate(
                history.observe(
                    "run",
                    step(
                        1,
                        layer("in", 0, ActivationKind.RELU).build(),
                        layer("out", 1, ActivationKind.LINEAR).gradient(1.0).build()))))
        .isEmpty();
  }

  @Test
  void thresholdsAreConfigurable() {
    VanishingGradientRule lenient =
        new VanishingGradientRule(
            RuleSettings.builder().vanishingDepthRatio(1e-5).vanishingMeanAbs(0).build());

    assertThat(
            lenient.evaluate(
                history.observe(
                    "run",
                    step(
                        1,
                        layer("in", 0, ActivationKind.RELU)
                            .gradient(new GradientSummary(1e-4, 0, 0, 1e-9, 0, 0))
                            .build(),
                        layer("out", 1, ActivationKind.LINEAR).gradient(1.0).build()))))
        .singleElement()
        .matches(r -> !r.holds());
  }
}
