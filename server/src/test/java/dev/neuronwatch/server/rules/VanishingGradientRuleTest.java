package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LossWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

class VanishingGradientRuleTest {
  /** The loss has not moved from where it started. */
  private static final LossWindow STALLED = new LossWindow(128, 0.69, 0.01, 0.70);

  /** The loss is a thousandth of where it started: converged. */
  private static final LossWindow CONVERGED = new LossWindow(128, 7e-4, 1e-4, 0.70);

  private final GradientHistory history = new GradientHistory();
  private final VanishingGradientRule rule = new VanishingGradientRule(RuleSettings.defaults());

  private List<RuleReading> read(
      long step, LossWindow window, GradientSummary input, GradientSummary output) {
    return rule.evaluate(
        history.observe(
            "run",
            step(
                step,
                0.5,
                window,
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
  void firesOnAttenuationAcrossDepthWhateverTheLossAndNeverJudgesTheDeepestLayer() {
    List<RuleReading> readings = read(1, CONVERGED, norm(1e-4), norm(1.0));

    assertThat(readings)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.layer()).isEqualTo("in");
              assertThat(r.verdict()).isEqualTo(Verdict.FIRE);
              assertThat(r.value()).isEqualTo(1e-4);
              assertThat(r.threshold()).isEqualTo(1e-3);
              assertThat(r.summary())
                  .isEqualTo(
                      "weight gradient of in: norm/deepest layer's 0.000100 (fires below"
                          + " 0.00100, clears above 0.00300) (learning not stalled, depth check"
                          + " only)");
            });
  }

  @Test
  void depthRatioBetweenTheThresholdsKeepsAndAboveTheClearThresholdClears() {
    assertThat(read(1, null, norm(1e-3), norm(1.0)).get(0).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(2, null, norm(3e-3), norm(1.0)).get(0).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(3, null, norm(3.1e-3), norm(1.0)).get(0).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aTinyMeanGradientFiresOnlyWhileLearningHasStalled() {
    RuleReading stalled = read(1, STALLED, meanAbs(1e-9), meanAbs(1e-3)).get(0);
    assertThat(stalled.verdict()).isEqualTo(Verdict.FIRE);
    assertThat(stalled.value()).isEqualTo(1e-9);
    assertThat(stalled.threshold()).isEqualTo(1e-7);
    assertThat(stalled.summary()).contains("mean |g| 1.00e-09").contains("learning stalled");

    assertThat(read(2, CONVERGED, meanAbs(1e-9), meanAbs(1e-3)).get(0).verdict())
        .as("a converged net has tiny gradients")
        .isEqualTo(Verdict.CLEAR);
    assertThat(read(3, null, meanAbs(1e-9), meanAbs(1e-3)).get(0).verdict())
        .as("without loss information the floor does not count")
        .isEqualTo(Verdict.CLEAR);
  }

  @Test
  void decayFromThePeakFiresOnlyWhileLearningHasStalled() {
    read(1, STALLED, norm(1.0), norm(1.0));
    RuleReading decayed = read(2, STALLED, norm(1e-5), norm(1e-5)).get(0);
    assertThat(decayed.verdict()).isEqualTo(Verdict.FIRE);
    assertThat(decayed.value()).isEqualTo(1e-5);
    assertThat(decayed.threshold()).isEqualTo(1e-4);

    assertThat(read(3, CONVERGED, norm(1e-5), norm(1e-5)).get(0).verdict())
        .as("a converged net's gradients decay: health, not pathology")
        .isEqualTo(Verdict.CLEAR);
  }

  @Test
  void stalledMeansTheWindowMedianAboveHalfTheFirstWindowsMedian() {
    SampleSignals half = history.observe("r", step(1, 0.5, new LossWindow(64, 0.35, 0.01, 0.7)));
    SampleSignals above = history.observe("r", step(2, 0.5, new LossWindow(64, 0.36, 0.01, 0.7)));
    SampleSignals negativeScale =
        history.observe("r", step(3, 0.5, new LossWindow(64, -1, 0.01, -2)));

    assertThat(half.learningStalled(0.5)).isFalse();
    assertThat(above.learningStalled(0.5)).isTrue();
    assertThat(negativeScale.learningStalled(0.5)).isFalse();
  }

  @Test
  void aDisabledCheckNeverFires() {
    VanishingGradientRule noDepth =
        new VanishingGradientRule(
            RuleSettings.builder().vanishingDepthRatio(0).vanishingDepthClearRatio(0).build());

    assertThat(
            noDepth.evaluate(
                history.observe(
                    "run",
                    step(
                        1,
                        layer("in", 0, ActivationKind.RELU).gradient(norm(1e-9)).build(),
                        layer("out", 1, ActivationKind.LINEAR).gradient(norm(1)).build()))))
        .isEmpty();
  }

  @Test
  void aReluLayerWhoseUnitsAreDyingIsLeftToTheDyingReluRule() {
    List<RuleReading> readings =
        rule.evaluate(
            history.observe(
                "run",
                step(
                    1,
                    0.5,
                    STALLED,
                    layer("in", 0, ActivationKind.RELU).dead(0.45).gradient(norm(1e-6)).build(),
                    layer("mid", 1, ActivationKind.RELU).dead(0.3).gradient(norm(1e-6)).build(),
                    layer("out", 2, ActivationKind.LINEAR).gradient(norm(1.0)).build())));

    assertThat(readings).extracting(RuleReading::layer).containsExactly("mid");
    assertThat(readings.get(0).verdict()).isEqualTo(Verdict.FIRE);
  }
}
