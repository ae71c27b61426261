package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.LossWindow;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossSpikeRuleTest {
  private final LossSpikeRule rule = new LossSpikeRule(RuleSettings.defaults());
  private final GradientHistory history = new GradientHistory();
  private long step;

  private List<RuleReading> read(double loss, LossWindow window) {
    return rule.evaluate(history.observe("run", step(++step, loss, window)));
  }

  @Test
  void firesOnALossFarAboveTheWindowWithTheLossAsValueAndTheComputedThreshold() {
    LossWindow window = new LossWindow(128, 0.2, 0.02, 1.0);

    RuleReading spike = read(2.5, window).get(0);

    assertThat(spike.layer()).isEqualTo(NonFiniteValuesRule.RUN_LEVEL);
    assertThat(spike.verdict()).isEqualTo(Verdict.FIRE);
    assertThat(spike.value()).isEqualTo(2.5);
    // max(0.2 + 8 * 1.4826 * 0.02, 3 * 0.2, 0.2 + 0.5 * 1.0) = 0.7
    assertThat(spike.threshold()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(spike.summary())
        .startsWith(
            "loss 2.50 at step 1 against a median of 0.200 (MAD 0.0200, first 1.00) over"
                + " 128 steps (fires above 0.700, clears below");
    assertThat(rule.fireAfter()).isEqualTo(3);
  }

  @Test
  void everyBoundMustBePassed() {
    // Robust bound: a window of nearly equal losses makes 8 MADs tiny, the other bounds hold.
    assertThat(read(0.3, new LossWindow(128, 0.2, 0.0, 0.21)).get(0).verdict())
        .as("0.3 < 3 x 0.2")
        .isNotEqualTo(Verdict.FIRE);
    // Relative bound: a converged run's median is tiny, a batch at 10x it is still tiny.
    assertThat(read(0.01, new LossWindow(128, 0.001, 0.0005, 0.7)).get(0).verdict())
        .as("an excess of 0.009 is not half of the 0.7 the run started at")
        .isNotEqualTo(Verdict.FIRE);
    // Noisy window: 8 robust sigmas are wide.
    assertThat(read(1.5, new LossWindow(128, 0.5, 0.1, 0.7)).get(0).verdict())
        .as("1.5 < 0.5 + 8 x 1.4826 x 0.1")
        .isNotEqualTo(Verdict.FIRE);
  }

  @Test
  void betweenTheClearAndFireBoundsKeepsAndBelowClears() {
    LossWindow window = new LossWindow(128, 0.2, 0.02, 1.0);
    // clear bound: max(0.2 + 4 * 1.4826 * 0.02, 1.5 * 0.2, 0.2 + 0.2 * 1.0) = 0.4
    assertThat(read(0.5, window).get(0).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(read(0.31, window).get(0).verdict()).isEqualTo(Verdict.CLEAR);
  }

  @Test
  void aShortWindowOrNoLossGivesNoReading() {
    assertThat(read(9.0, new LossWindow(31, 0.2, 0.02, 1.0))).isEmpty();
    assertThat(read(9.0, null)).isEmpty();
    assertThat(rule.evaluate(history.observe("run", step(++step, (Double) null, null)))).isEmpty();
  }

  /**
   * Healthy mini-batch noise: losses drawn around a decaying trend with 20% multiplicative noise
   * and occasional hard batches at 2.5x never fire, judged against the exact window statistics.
   */
  @Test
  void healthyMiniBatchNoiseNeverFires() {
    Random random = new Random(11);
    java.util.ArrayDeque<Double> window = new java.util.ArrayDeque<>();
    double first = Double.NaN;
    for (int t = 0; t < 3000; t++) {
      double trend = 0.05 + 2.0 * Math.exp(-t / 400.0);
      double loss = trend * (1 + 0.2 * random.nextGaussian()) * (random.nextInt(50) == 0 ? 2.5 : 1);
      loss = Math.max(loss, 1e-6);
      if (window.size() >= 32) {
        double[] sorted = window.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = median(sorted);
        double[] deviations =
            window.stream().mapToDouble(v -> Math.abs(v - median)).sorted().toArray();
        if (Double.isNaN(first)) {
          first = median;
        }
        assertThat(read(loss, new LossWindow(window.size(), median, median(deviations), first)))
            .as("step %d", t)
            .noneMatch(RuleReading::holds);
      }
      window.addLast(loss);
      if (window.size() > 128) {
        window.removeFirst();
      }
    }
  }

  private static double median(double[] sorted) {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  @Test
  void oneJaggedEpisodeSampledAtEveryStepIsOneAlert() {
    RuleEvaluator evaluator = new RuleEvaluator(List.of(rule), 100);
    LossWindow window = new LossWindow(128, 0.2, 0.02, 1.0);
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    int firings = 0;
    // A spike of 3 steps, 18 calm ones, another spike, then calm, sampled at every step (an
    // agent's burst).
    for (long at = 1; at <= 200; at++) {
      double loss = at <= 3 || (at >= 22 && at <= 24) ? 2.5 : 0.25;
      List<AlertTransition> changes =
          evaluator.evaluate(history.observe("run", step(at, loss, window)), now);
      firings +=
          (int) changes.stream().filter(c -> c.kind() == AlertTransition.Kind.FIRING).count();
      if (at == 100) {
        assertThat(evaluator.firing("run")).as("calm for 76 steps: still firing").hasSize(1);
      }
    }

    assertThat(firings).isEqualTo(1);
    assertThat(evaluator.firing("run")).as("calm for 100 steps: resolved").isEmpty();
    assertThat(rule.resolveAfterSteps()).isEqualTo(100);
  }

  @Test
  void oneHardMinibatchDoesNotFire() {
    RuleEvaluator evaluator = new RuleEvaluator(List.of(rule), 100);
    LossWindow window = new LossWindow(128, 0.2, 0.02, 1.0);
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (long at = 1; at <= 50; at++) {
      double loss = at == 10 || at == 11 ? 2.5 : 0.25;
      evaluator.evaluate(history.observe("run", step(at, loss, window)), now);
    }

    assertThat(evaluator.alerts("run", null)).as("two spiking steps then calm").isEmpty();
  }
}
