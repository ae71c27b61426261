package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
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

  private void baseline(double norm) {
    for (int step = 1; step <= 3; step++) {
      read(step, norm, norm);
    }
  }

  @Test
  void firesWhenTheNormIsAHundredfoldTheMedianOfItsRecentNorms() {
    baseline(0.1);
    List<RuleReading> readings = read(4, 20.0, 0.5);

    RuleReading in = readings.get(0);
    assertThat(in.verdict()).isEqualTo(Verdict.FIRE);
    assertThat(in.value()).isEqualTo(200.0);
    assertThat(in.threshold()).isEqualTo(100.0);
    assertThat(in.summary())
        .isEqualTo(
            "weight gradient norm of in: 200x its recent baseline (fires above 100x, clears below"
                + " 10.0x), 40.0x the deepest layer's (fires above 1.00e+03x, clears below"
                + " 100x)");
    // The deepest layer is judged by growth too: 5x is between the thresholds.
    assertThat(readings.get(1).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aSlowSteadyGrowthNeverFires() {
    // 3% more per step in every layer: 2.6e6-fold over 500 steps, but never 100x its median over
    // the last 50 steps.
    double norm = 0.01;
    for (int step = 1; step <= 500; step++) {
      norm *= 1.03;
      assertThat(read(step, norm, norm).get(0).verdict()).isNotEqualTo(Verdict.FIRE);
    }
  }

  @Test
  void aSpikeThatIsAlreadyFallingKeepsButDoesNotFire() {
    baseline(0.1);
    assertThat(read(4, 50.0, 50.0).get(0).verdict()).isEqualTo(Verdict.FIRE);

    RuleReading falling = read(5, 30.0, 30.0).get(0);

    assertThat(falling.value()).as("still 300x the baseline").isGreaterThan(100);
    assertThat(falling.verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(6, 40.0, 40.0).get(0).verdict()).as("growing again").isEqualTo(Verdict.FIRE);
  }

  @Test
  void firesAcrossDepthWithTheDepthRatioAsValueWhenGrowthDoesNotHold() {
    RuleReading reading = read(1, 2000.0, 1.0).get(0);

    assertThat(reading.verdict()).isEqualTo(Verdict.FIRE);
    assertThat(reading.value()).isEqualTo(2000.0);
    assertThat(reading.threshold()).isEqualTo(1000.0);
  }

  @Test
  void betweenTheClearAndFireThresholdsKeeps() {
    baseline(1.0);

    assertThat(read(4, 100.0, 1.0).get(0).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(5, 1.0, 1.0).get(0).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aNonFiniteGradientOrWeightsEscalates() {
    baseline(1.0);
    RuleReading nan =
        rule.evaluate(
                history.observe(
                    "run",
                    step(
                        4,
                        layer("in", 0, ActivationKind.TANH)
                            .gradient(new GradientSummary(0, 0, 0, 0, 12, 3))
                            .build())))
            .get(0);
    RuleReading badWeights =
        rule.evaluate(
                history.observe(
                    "run",
                    step(
                        5,
                        layer("in", 0, ActivationKind.TANH)
                            .gradient(1.0)
                            .nonFiniteParameters(7L, 0L)
                            .build())))
            .get(0);

    assertThat(nan.verdict()).isEqualTo(Verdict.ESCALATE);
    assertThat(nan.value()).isEqualTo(15.0);
    assertThat(badWeights.verdict()).isEqualTo(Verdict.ESCALATE);
  }

  @Test
  void thresholdsAreConfigurable() {
    ExplodingGradientRule strict =
        new ExplodingGradientRule(
            RuleSettings.builder()
                .explodingGrowthRatio(2)
                .explodingGrowthClearRatio(1.5)
                .explodingDepthRatio(10)
                .explodingDepthClearRatio(5)
                .build());
    GradientHistory fresh = new GradientHistory();
    for (int step = 1; step <= 3; step++) {
      fresh.observe("run", step(step, layer("in", 0, ActivationKind.TANH).gradient(1.0).build()));
    }

    assertThat(
            strict.evaluate(
                fresh.observe(
                    "run", step(4, layer("in", 0, ActivationKind.TANH).gradient(3.0).build()))))
        .singleElement()
        .matches(RuleReading::holds);
  }
}
