package dev.neuronwatch.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick tier of the detection benchmark, on every build: one run of each pathology scenario the
 * trainer knows and a handful of healthy configurations, trained against a real server. The
 * assertions are issue 7's targets: no firing alert on a healthy run, every pathology detected, at
 * most one fire/resolve cycle per alert and run, and the explosion heard before the first
 * non-finite loss when the training steps take as long as a small real model's (20 ms; at the
 * reference network's own millisecond a step, a push's round trip alone is several steps).
 */
class QuickDetectionBenchmarkTest {
  /** The step time of a small real model, at which the explosion must be heard in time. */
  static final Duration REAL_STEP = Duration.ofMillis(20);

  private static BenchmarkResult result;
  private static BenchmarkResult paced;

  @BeforeAll
  static void runQuickTier() {
    // The server logs each alert transition; the assertions carry what matters.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    result =
        DetectionBenchmark.run(Tier.QUICK, 2, new PrintStream(OutputStream.nullOutputStream()));
    paced =
        DetectionBenchmark.run(
            Tier.QUICK,
            Pattern.compile("^exploding-gradients/"),
            1,
            REAL_STEP,
            new PrintStream(OutputStream.nullOutputStream()));
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
  void noAlertFiresMoreThanOncePerRun() {
    assertThat(result.maxCycles())
        .as("fire/resolve cycles: %s", describe(result.pathologies()) + describe(result.healthy()))
        .isLessThanOrEqualTo(1);
  }

  @Test
  void explosionIsHeardBeforeTheFirstNonFiniteLossAtARealModelsPace() {
    List<RunAnalysis> reachedNonFinite =
        paced.pathologies().stream().filter(run -> run.firstNonFinite().isPresent()).toList();
    assertThat(reachedNonFinite).isNotEmpty();
    for (RunAnalysis run : reachedNonFinite) {
      HeardMoment heard = run.detectionHeard();
      assertThat(heard).as("%s: no detection heard", run.spec().id()).isNotNull();
      assertThat(heard.stepHigh())
          .as(
              "%s: heard %s by step %d, first non-finite loss at step %d",
              run.spec().id(), heard.rule(), heard.stepHigh(), run.firstNonFinite().getAsLong())
          .isLessThan(run.firstNonFinite().getAsLong());
    }
  }

  private static String describe(List<RunAnalysis> runs) {
    return runs.stream()
        .map(run -> run.spec().id() + " " + run.fires())
        .collect(Collectors.joining("; "));
  }
}
