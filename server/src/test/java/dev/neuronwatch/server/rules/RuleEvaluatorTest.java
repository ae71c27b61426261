package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.nonFiniteLossStep;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.server.rules.AlertTransition.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final GradientHistory history = new GradientHistory();
  private long step;

  private static RuleEvaluator evaluator(RuleSettings settings, int resolvedKept) {
    return new RuleEvaluator(AlertRule.all(settings), resolvedKept);
  }

  /** One sample of a lone ReLU layer, dying or not; the step's second is its instant. */
  private List<AlertTransition> feed(RuleEvaluator evaluator, String run, boolean dying) {
    return feed(evaluator, run, dying ? 0.9 : 0.1);
  }

  /** One sample of a lone ReLU layer with the given dead fraction. */
  private List<AlertTransition> feed(RuleEvaluator evaluator, String run, double dead) {
    step++;
    LayerSample relu = layer("dense", 0, ActivationKind.RELU).dead(dead).build();
    return evaluator.evaluate(history.observe(run, step(step, relu)), T0.plusSeconds(step));
  }

  private static List<Kind> kinds(List<AlertTransition> transitions) {
    return transitions.stream().map(AlertTransition::kind).toList();
  }

  @Test
  void aHoldingConditionIsPendingUntilItHeldForTheHoldThenFires() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);

    assertThat(kinds(feed(evaluator, "r", true))).containsExactly(Kind.PENDING);
    assertThat(evaluator.alerts("r", AlertState.PENDING)).hasSize(1);
    assertThat(feed(evaluator, "r", true)).isEmpty();
    List<AlertTransition> third = feed(evaluator, "r", true);

    assertThat(kinds(third)).containsExactly(Kind.FIRING);
    Alert firing = third.get(0).alert();
    assertThat(firing.name()).isEqualTo(DyingReluRule.NAME);
    assertThat(firing.run()).isEqualTo("r");
    assertThat(firing.layer()).isEqualTo("dense");
    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.value()).isEqualTo(0.9);
    assertThat(firing.since()).isEqualTo(T0.plusSeconds(3).toString());
    assertThat(evaluator.firing("r")).containsExactly(firing);
  }

  @Test
  void oneNoisySampleNeitherFiresNorClears() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);

    feed(evaluator, "r", true);
    assertThat(kinds(feed(evaluator, "r", false))).containsExactly(Kind.DROPPED);
    assertThat(evaluator.alerts(null, null)).isEmpty();

    for (int i = 0; i < 3; i++) {
      feed(evaluator, "r", true);
    }
    String since = evaluator.firing("r").get(0).since();
    assertThat(feed(evaluator, "r", false)).isEmpty();
    assertThat(feed(evaluator, "r", true)).isEmpty();
    assertThat(feed(evaluator, "r", false)).isEmpty();
    assertThat(feed(evaluator, "r", false)).isEmpty();

    Alert stillFiring = evaluator.firing("r").get(0);
    assertThat(stillFiring.since()).isEqualTo(since);
    assertThat(stillFiring.value()).as("the value that last fired it").isEqualTo(0.9);
  }

  @Test
  void aFiringAlertResolvesAfterResolveHoldCleanSamplesAndIsKept() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "r", true);
    }

    for (int i = 0; i < 5; i++) {
      assertThat(feed(evaluator, "r", false)).isEmpty();
    }
    List<AlertTransition> sixth = feed(evaluator, "r", false);

    assertThat(kinds(sixth)).containsExactly(Kind.RESOLVED);
    assertThat(evaluator.firing("r")).isEmpty();
    assertThat(evaluator.alerts("r", AlertState.RESOLVED))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.since()).isEqualTo(T0.plusSeconds(9).toString());
              assertThat(alert.value()).as("the value that fired it").isEqualTo(0.9);
              assertThat(alert.step()).isEqualTo(1L);
            });
  }

  @Test
  void keepsOnlyTheNewestResolvedAlerts() {
    RuleEvaluator evaluator = evaluator(RuleSettings.builder().hold(1).resolveHold(1).build(), 2);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "r", true);
      feed(evaluator, "r", false);
    }

    assertThat(evaluator.alerts(null, AlertState.RESOLVED))
        .extracting(Alert::since)
        .containsExactly(T0.plusSeconds(6).toString(), T0.plusSeconds(4).toString());
  }

  @Test
  void aNonFiniteLossFiresAtOnceAndResolvesAfterTheResolveHold() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    LayerSample healthy = layer("dense", 0, ActivationKind.LINEAR).build();

    List<AlertTransition> nan =
        evaluator.evaluate(history.observe("r", nonFiniteLossStep(1, healthy)), T0);

    assertThat(nan)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.kind()).isEqualTo(Kind.FIRING);
              assertThat(t.alert().name()).isEqualTo(NonFiniteValuesRule.NAME);
              assertThat(t.alert().layer()).isEmpty();
            });
    for (int i = 2; i < 7; i++) {
      assertThat(evaluator.evaluate(history.observe("r", step(i, healthy)), T0)).isEmpty();
    }
    assertThat(kinds(evaluator.evaluate(history.observe("r", step(7, healthy)), T0)))
        .containsExactly(Kind.RESOLVED);
  }

  @Test
  void aLayerAbsentFromASampleKeepsItsAlert() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "r", true);
    }
    LayerSample other = layer("other", 0, ActivationKind.RELU).build();

    for (int i = 10; i < 20; i++) {
      evaluator.evaluate(history.observe("r", step(i, other)), T0);
    }

    assertThat(evaluator.firing("r")).extracting(Alert::layer).containsExactly("dense");
  }

  @Test
  void firingReadsOnlyItsOwnRunEvenWhenAnotherRunsNameExtendsIt() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "job", true);
      feed(evaluator, "job-2", true);
      feed(evaluator, "jo", true);
    }

    assertThat(evaluator.firing("job")).extracting(Alert::run).containsExactly("job");
    assertThat(evaluator.firing("job-2")).extracting(Alert::run).containsExactly("job-2");
    assertThat(evaluator.endRun("job", T0, "run deleted")).hasSize(1);
    assertThat(evaluator.firing("job-2")).hasSize(1);
    assertThat(evaluator.firing("jo")).hasSize(1);
  }

  @Test
  void alertsFilterByRunAndState() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "a", true);
    }
    feed(evaluator, "b", true);

    assertThat(evaluator.alerts(null, null)).extracting(Alert::run).containsExactly("a", "b");
    assertThat(evaluator.alerts("a", null))
        .extracting(Alert::state)
        .containsExactly(AlertState.FIRING);
    assertThat(evaluator.alerts(null, AlertState.PENDING))
        .extracting(Alert::run)
        .containsExactly("b");
    assertThat(evaluator.firing("b")).isEmpty();
  }

  /**
   * Over many random holding/clear sequences and holds: an alert fires only after {@code hold}
   * holding samples in a row, resolves only after {@code hold} clear ones in a row, and is firing
   * whenever the last {@code hold} samples all held.
   */
  @Test
  void firingAndResolvingAlwaysFollowRunsOfHoldSamples() {
    Random random = new Random(20261128);
    for (int trial = 0; trial < 300; trial++) {
      int hold = 1 + random.nextInt(4);
      RuleEvaluator evaluator =
          evaluator(RuleSettings.builder().hold(hold).resolveHold(hold).build(), 10);
      String run = "run-" + trial;
      List<Boolean> readings = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        boolean dying = random.nextInt(3) > 0;
        readings.add(dying);
        List<Kind> kinds = kinds(feed(evaluator, run, dying));
        if (kinds.contains(Kind.FIRING)) {
          assertThat(lastAll(readings, hold, true)).as("fired without a run of %d", hold).isTrue();
        }
        if (kinds.contains(Kind.RESOLVED)) {
          assertThat(lastAll(readings, hold, false)).as("resolved early").isTrue();
        }
        if (lastAll(readings, hold, true)) {
          assertThat(evaluator.firing(run)).as("firing after a run of %d", hold).hasSize(1);
        }
      }
    }
  }

  @Test
  void aValueBetweenTheClearAndFireThresholdsKeepsAFiringAlertAndRestartsItsResolveCount() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "r", 0.9);
    }
    for (int i = 0; i < 5; i++) {
      feed(evaluator, "r", 0.1);
    }

    assertThat(feed(evaluator, "r", 0.45)).as("0.45 lies between 0.4 and 0.5").isEmpty();
    for (int i = 0; i < 5; i++) {
      assertThat(feed(evaluator, "r", 0.1)).isEmpty();
    }
    assertThat(kinds(feed(evaluator, "r", 0.1))).containsExactly(Kind.RESOLVED);
  }

  @Test
  void aValueBetweenTheThresholdsNeverStartsAnAlert() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);

    for (int i = 0; i < 20; i++) {
      assertThat(feed(evaluator, "r", 0.45)).isEmpty();
    }
  }

  /**
   * A dead fraction hovering at the fire threshold (uniform in [0.42, 0.58], half the samples above
   * 0.5) fires once and never resolves: it never goes below the clear threshold for long.
   */
  @Test
  void aValueHoveringAtTheFireThresholdFiresOnceAndDoesNotFlap() {
    Random random = new Random(7);
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    int firings = 0;
    int resolutions = 0;
    for (int i = 0; i < 500; i++) {
      List<Kind> kinds = kinds(feed(evaluator, "r", 0.42 + 0.16 * random.nextDouble()));
      firings += kinds.contains(Kind.FIRING) ? 1 : 0;
      resolutions += kinds.contains(Kind.RESOLVED) ? 1 : 0;
    }

    assertThat(firings).isEqualTo(1);
    assertThat(resolutions).isZero();
  }

  @Test
  void alertsCarryThresholdStepOfPendingAndRunbook() {
    RuleEvaluator evaluator =
        new RuleEvaluator(AlertRule.all(RuleSettings.defaults()), 10, "https://wiki.example/nw#");
    step = 41;
    feed(evaluator, "r", 0.9);
    feed(evaluator, "r", 0.8);
    Alert firing = feed(evaluator, "r", 0.7).get(0).alert();

    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.step()).isEqualTo(42L);
    assertThat(firing.value()).isEqualTo(0.7);
    assertThat(firing.threshold()).isEqualTo(0.5);
    assertThat(firing.runbook()).isEqualTo("https://wiki.example/nw#alert-neuronwatchdyingrelu");
    assertThat(firing.origin()).isNull();
    assertThat(firing.summary()).contains("70%").contains("fires above 50%, clears below 40%");
  }

  private static boolean lastAll(List<Boolean> readings, int count, boolean value) {
    if (readings.size() < count) {
      return false;
    }
    return readings.subList(readings.size() - count, readings.size()).stream()
        .allMatch(r -> r == value);
  }

  @Test
  void endingARunResolvesItsFiringAlertsDropsItsPendingOnesAndLeavesOtherRunsAlone() {
    RuleEvaluator evaluator = evaluator(RuleSettings.defaults(), 100);
    for (int i = 0; i < 3; i++) {
      feed(evaluator, "gone", true);
    }
    feed(evaluator, "other", true);
    evaluator.evaluate(
        history.observe("gone", nonFiniteLossStep(++step)), T0.plusSeconds(step)); // fires at once
    feed(evaluator, "gone", true); // keeps the dying alert firing
    Instant end = T0.plusSeconds(1000);

    List<AlertTransition> ended = evaluator.endRun("gone", end, "run deleted");

    assertThat(kinds(ended)).containsExactly(Kind.RESOLVED, Kind.RESOLVED);
    assertThat(ended)
        .allSatisfy(
            t -> {
              assertThat(t.alert().state()).isEqualTo(AlertState.RESOLVED);
              assertThat(t.alert().since()).isEqualTo(end.toString());
              assertThat(t.alert().summary()).endsWith("; run deleted");
            });
    assertThat(evaluator.alerts("gone", AlertState.RESOLVED)).hasSize(2);
    assertThat(evaluator.alerts("gone", AlertState.FIRING)).isEmpty();
    assertThat(evaluator.alerts("other", AlertState.PENDING)).hasSize(1);
    assertThat(kinds(evaluator.endRun("other", end, "run evicted"))).containsExactly(Kind.DROPPED);
    assertThat(evaluator.alerts("other", null)).isEmpty();
    assertThat(evaluator.endRun("unknown", end, "run deleted")).isEmpty();
  }
}
