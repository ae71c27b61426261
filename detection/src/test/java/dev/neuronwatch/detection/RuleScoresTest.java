package dev.neuronwatch.detection;

import static dev.neuronwatch.detection.Samples.alert;
import static dev.neuronwatch.detection.Samples.layer;
import static dev.neuronwatch.detection.Samples.result;
import static dev.neuronwatch.detection.Samples.spec;
import static dev.neuronwatch.detection.Samples.step;
import static dev.neuronwatch.protocol.ActivationKind.RELU;
import static dev.neuronwatch.protocol.ActivationKind.SOFTMAX;
import static dev.neuronwatch.protocol.AlertState.FIRING;
import static dev.neuronwatch.protocol.AlertState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleScoresTest {
  private static final String DYING = Expectation.DYING_RELU;
  private static final String VANISHING = Expectation.VANISHING;

  private static RunAnalysis pathology(long heardAfterSamples, List<Alert> alerts) {
    List<StepSample> all = new ArrayList<>();
    List<StepSample> delivered = new ArrayList<>();
    for (int s = 1; s <= 100; s++) {
      all.add(
          step(
              s,
              1.0,
              layer("dense_0", 0, RELU, s >= 20 ? 0.9 : 0.0, 1),
              layer("output", 1, SOFTMAX, null, 1)));
      if (s % 10 == 0) {
        delivered.add(step(s, 1.0));
      }
    }
    List<HeardAlert> heard =
        heardAfterSamples < 0
            ? List.of()
            : List.of(new HeardAlert(DYING, "dense_0", 1000 + 20 + 100, heardAfterSamples));
    RunRecord record =
        new RunRecord(
            spec(Expectation.alert(DYING, Onset.DEAD_UNITS), 10),
            result(100, 0.4, 1.0),
            delivered,
            heard,
            alerts,
            0,
            0);
    return RunAnalysis.of(record, new Trajectory(all, result(100, 0.4, 1.0)));
  }

  private static RunAnalysis healthy(Alert... alerts) {
    RunRecord record =
        new RunRecord(
            spec(Expectation.healthy(), 10),
            result(100, 0.99, 0.01),
            List.of(),
            List.of(),
            List.of(alerts),
            0,
            0);
    return RunAnalysis.of(record, null);
  }

  @Test
  void recallIsTheShareOfLabelledRunsOnWhichTheRuleFired() {
    List<RuleScore> scores =
        RuleScores.of(
            List.of(
                pathology(3, List.of(alert(DYING, "dense_0", FIRING))), pathology(-1, List.of())),
            List.of());

    RuleScore dying = scores.get(0);
    assertThat(dying.rule()).isEqualTo(DYING);
    assertThat(dying.labelled()).isEqualTo(2);
    assertThat(dying.detected()).isEqualTo(1);
    assertThat(dying.recall()).isEqualTo(0.5);
    assertThat(dying.heard()).isEqualTo(1);
  }

  @Test
  void leadTimesComeFromTheHeardRuns() {
    List<RuleScore> scores =
        RuleScores.of(
            List.of(
                pathology(3, List.of(alert(DYING, "dense_0", FIRING))),
                pathology(5, List.of(alert(DYING, "dense_0", FIRING)))),
            List.of());

    // heard after 3 samples: steps 30-39, onset 20 -> 19; after 5: 50-59 -> 39
    assertThat(scores.get(0).leadSteps()).containsExactly(19L, 39L);
    assertThat(scores.get(0).leadMillis()).containsExactly(100L, 100L);
  }

  @Test
  void falseAlarmsCountHealthyRunsAndFlappingCountsCyclesBeyondTheFirst() {
    List<RuleScore> scores =
        RuleScores.of(
            List.of(),
            List.of(
                healthy(
                    alert(VANISHING, "dense_0", RESOLVED),
                    alert(VANISHING, "dense_0", RESOLVED),
                    alert(VANISHING, "dense_0", FIRING),
                    alert(VANISHING, "dense_1", RESOLVED)),
                healthy(),
                healthy(alert(VANISHING, "dense_2", FIRING))));

    RuleScore vanishing = scores.get(0);
    assertThat(vanishing.labelled()).isZero();
    assertThat(vanishing.recall()).isNaN();
    assertThat(vanishing.falseAlarmRuns()).isEqualTo(2);
    assertThat(vanishing.healthyRuns()).isEqualTo(3);
    assertThat(vanishing.maxCycles()).isEqualTo(3);
    assertThat(vanishing.excessCycles()).isEqualTo(2);
  }
}
