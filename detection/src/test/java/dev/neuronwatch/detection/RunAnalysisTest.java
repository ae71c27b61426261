package dev.neuronwatch.detection;

import static dev.neuronwatch.detection.Samples.alert;
import static dev.neuronwatch.detection.Samples.layer;
import static dev.neuronwatch.detection.Samples.result;
import static dev.neuronwatch.detection.Samples.spec;
import static dev.neuronwatch.detection.Samples.step;
import static dev.neuronwatch.protocol.ActivationKind.RELU;
import static dev.neuronwatch.protocol.ActivationKind.SOFTMAX;
import static dev.neuronwatch.protocol.AlertState.FIRING;
import static dev.neuronwatch.protocol.AlertState.PENDING;
import static dev.neuronwatch.protocol.AlertState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAnalysisTest {
  private static final Expectation DYING =
      Expectation.alert(Expectation.DYING_RELU, Onset.DEAD_UNITS);
  private static final Expectation EXPLODING =
      Expectation.alert(Expectation.EXPLODING, Onset.GRADIENT_GROWTH)
          .orBeforeNonFinite(Expectation.NON_FINITE);

  /** Dead fraction 0 until step 30, then 0.9; the loss turns NaN at step {@code nanAt}. */
  private static Trajectory truth(int steps, int nanAt) {
    List<StepSample> all = new ArrayList<>();
    for (int s = 1; s <= steps; s++) {
      all.add(
          step(
              s,
              s >= nanAt ? null : 1.0,
              layer("dense_0", 0, RELU, s >= 30 ? 0.9 : 0.0, 1),
              layer("output", 1, SOFTMAX, null, 1)));
    }
    return new Trajectory(all, result(steps, 0.5, 1.0));
  }

  private static List<StepSample> everyTenth(int steps) {
    List<StepSample> delivered = new ArrayList<>();
    for (int s = 10; s <= steps; s += 10) {
      delivered.add(step(s, 1.0));
    }
    return delivered;
  }

  @Test
  void countsEachFireAndResolveCycleOfAnAlertAndIgnoresPending() {
    RunRecord record =
        new RunRecord(
            spec(Expectation.healthy(), 10),
            result(100, 0.99, 0.01),
            everyTenth(100),
            List.of(),
            List.of(
                alert("V", "dense_1", FIRING),
                alert("V", "dense_1", RESOLVED),
                alert("V", "dense_1", RESOLVED),
                alert("V", "dense_0", RESOLVED),
                alert("S", "dense_0", PENDING)),
            0,
            0);

    RunAnalysis run = RunAnalysis.of(record, null);

    assertThat(run.fires()).containsOnlyKeys("V");
    assertThat(run.fires().get("V")).containsEntry("dense_1", 3).containsEntry("dense_0", 1);
  }

  @Test
  void leadIsFromTheOnsetToTheUpperBoundOfTheHeardStep() {
    RunRecord record =
        new RunRecord(
            spec(DYING, 10),
            result(100, 0.5, 1.0),
            everyTenth(100),
            List.of(new HeardAlert(Expectation.DYING_RELU, "dense_0", 1000 + 75, 6)),
            List.of(alert(Expectation.DYING_RELU, "dense_0", FIRING)),
            0,
            0);

    RunAnalysis run = RunAnalysis.of(record, truth(100, 1000));

    assertThat(run.onset()).hasValue(30);
    assertThat(run.detected()).isTrue();
    assertThat(run.firstHeard(Expectation.DYING_RELU).stepHigh()).isEqualTo(69);
    assertThat(run.leadSteps(Expectation.DYING_RELU)).isEqualTo(39);
    // the onset's wall time is that of the first delivered sample at or after step 30
    assertThat(run.leadMillis(Expectation.DYING_RELU)).isEqualTo(45);
  }

  @Test
  void theFallbackCountsOnlyWhenHeardBeforeTheFirstNonFiniteLoss() {
    HeardAlert nonFinite = new HeardAlert(Expectation.NON_FINITE, "", 2000, 4);
    RunRecord inTime =
        new RunRecord(
            spec(EXPLODING, 10),
            result(100, 0.3, 1.0),
            everyTenth(100),
            List.of(nonFinite),
            List.of(alert(Expectation.NON_FINITE, "", FIRING)),
            0,
            0);
    RunRecord late =
        new RunRecord(
            spec(EXPLODING, 10),
            result(100, 0.3, 1.0),
            everyTenth(100),
            List.of(new HeardAlert(Expectation.NON_FINITE, "", 2000, 6)),
            List.of(alert(Expectation.NON_FINITE, "", FIRING)),
            0,
            0);

    RunAnalysis early = RunAnalysis.of(inTime, truth(100, 55));
    RunAnalysis tooLate = RunAnalysis.of(late, truth(100, 55));

    assertThat(early.detected()).isTrue();
    assertThat(early.stepsBeforeNonFinite(Expectation.NON_FINITE)).isEqualTo(6);
    assertThat(tooLate.detected()).isFalse();
    assertThat(tooLate.stepsBeforeNonFinite(Expectation.NON_FINITE)).isEqualTo(-14);
  }

  @Test
  void aHealthyRunLearnsWithNinetyPercentAccuracyOrSmallRegressionError() {
    RunRecord learned =
        new RunRecord(
            spec(Expectation.healthy(), 10),
            result(100, 0.95, 0.1),
            List.of(),
            List.of(),
            List.of(),
            0,
            0);
    RunRecord stuck =
        new RunRecord(
            spec(Expectation.healthy(), 10),
            result(100, 0.6, 0.7),
            List.of(),
            List.of(),
            List.of(),
            0,
            0);
    RunRecord regression =
        new RunRecord(
            spec(Expectation.healthy(), 10),
            result(100, null, 0.01),
            List.of(),
            List.of(),
            List.of(),
            0,
            0);

    assertThat(RunAnalysis.of(learned, null).learned()).isTrue();
    assertThat(RunAnalysis.of(stuck, null).learned()).isFalse();
    assertThat(RunAnalysis.of(regression, null).learned()).isTrue();
  }
}
