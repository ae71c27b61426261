package dev.neuronwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The quick tier of the detection benchmark, on every build: one run of each pathology scenario
 * the trainer knows and a handful of healthy configurations, trained against a real server. The
 * assertions are issue 7's targets; those today's rules miss are disabled with the measured
 * figure, to be enabled once the rule changes are merged.
 */
class QuickDetectionBenchmarkTest {
  private static BenchmarkResult result;

  @BeforeAll
  static void runQuickTier() {
    // The server logs each alert transition; the assertions carry what matters.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    result =
        DetectionBenchmark.run(Tier.QUICK, 2, new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void everyLabelledRunIsScored() {
    assertThat(result.excluded()).as("left out: %s", result.excluded()).isEmpty();
    assertThat(result.pathologies())
        .extracting(run -> run.spec().group())
        .contains("dying-relu", "vanishing-gradients", "exploding-gradients", "saturation");
    assertThat(result.healthy()).hasSize(5).allMatch(RunAnalysis::learned);
    assertThat(result.pathologies()).allMatch(run -> Boolean.TRUE.equals(run.retraced()));
  }

  @Test
  void healthyRunsAtTheDefaultRateRaiseNoFiringAlert() {
    List<RunAnalysis> atDefaultRate =
        result.falseAlarms().stream()
            .filter(run -> run.spec().config().learningRate() <= 1e-3)
            .toList();
    assertThat(atDefaultRate)
        .as("healthy runs with a firing alert: %s", describe(atDefaultRate))
        .isEmpty();
  }

  @Test
  @Disabled(
      "issue 7: today's VanishingGradient fires on healthy/relu-moons-3x64 at Adam 0.01 "
          + "(accuracy 1.000, loss 2.6e-06): dense_0 and dense_1 3 times each, dense_2 twice, "
          + "heard from step 650: below 1e-4 of the layer's peak norm reads convergence as "
          + "vanishing")
  void healthyRunsRaiseNoFiringAlert() {
    assertThat(result.falseAlarms())
        .as("healthy runs with a firing alert: %s", describe(result.falseAlarms()))
        .isEmpty();
  }

  @Test
  void everyPathologyIsDetected() {
    assertThat(result.missed()).as("missed: %s", describe(result.missed())).isEmpty();
  }

  @Test
  @Disabled(
      "issue 7: today's VanishingGradient fires 3 times on dense_3 of vanishing-gradients "
          + "(seed 42, sample-every 10): it resolves and fires again around its 1e-3 threshold")
  void noAlertFiresMoreThanOncePerRun() {
    assertThat(result.maxCycles())
        .as("fire/resolve cycles: %s", describe(result.pathologies()) + describe(result.healthy()))
        .isLessThanOrEqualTo(1);
  }

  @Test
  @Disabled(
      "issue 7: at sample-every 10 today's agent hears ExplodingGradient at steps 160-167 of "
          + "exploding-gradients (seed 42), 49 steps after the first non-finite loss at step 118")
  void explosionIsHeardBeforeTheFirstNonFiniteLoss() {
    List<RunAnalysis> reachedNonFinite =
        result.pathologies().stream().filter(run -> run.firstNonFinite().isPresent()).toList();
    assertThat(reachedNonFinite).isNotEmpty();
    for (RunAnalysis run : reachedNonFinite) {
      HeardMoment heard = run.detectionHeard();
      assertThat(heard).as("%s: no detection heard", run.spec().id()).isNotNull();
      assertThat(heard.stepHigh())
          .as("%s: heard %s by step %d, first non-finite loss at step %d", run.spec().id(),
              heard.rule(), heard.stepHigh(), run.firstNonFinite().getAsLong())
          .isLessThan(run.firstNonFinite().getAsLong());
    }
  }

  private static String describe(List<RunAnalysis> runs) {
    return runs.stream()
        .map(run -> run.spec().id() + " " + run.fires())
        .collect(Collectors.joining("; "));
  }
}
