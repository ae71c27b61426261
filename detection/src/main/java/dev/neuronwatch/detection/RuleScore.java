package dev.neuronwatch.detection;

import java.util.List;

/**
 * One rule's figures over a benchmark.
 *
 * <p>{@code labelled} pathology runs expect the rule; {@code detected} of them fired it on the
 * server (or heard its accepted fallback before the first non-finite loss), {@code heard} of them
 * had the listener hear it. Lead times are from the heard runs; {@code stepsBeforeNonFinite} from
 * the heard runs that reached a non-finite loss. {@code falseAlarmRuns} counts healthy runs on
 * which the rule fired. {@code maxCycles} is the most fire/resolve cycles of one alert (rule, run,
 * layer); {@code excessCycles} the sum over alerts of cycles beyond the first, over all runs.
 *
 * <pre>{@code
 * RuleScore score = RuleScores.of(pathologies, healthy).get(0);
 * double recall = score.recall();
 * }</pre>
 */
public record RuleScore(
    String rule,
    int labelled,
    int detected,
    int heard,
    List<Long> leadSteps,
    List<Long> leadMillis,
    List<Long> stepsBeforeNonFinite,
    int falseAlarmRuns,
    int healthyRuns,
    int maxCycles,
    int excessCycles) {
  public RuleScore {
    leadSteps = List.copyOf(leadSteps);
    leadMillis = List.copyOf(leadMillis);
    stepsBeforeNonFinite = List.copyOf(stepsBeforeNonFinite);
  }

  /** detected / labelled; NaN when no run expects the rule. */
  public double recall() {
    return labelled == 0 ? Double.NaN : (double) detected / labelled;
  }

  /** Runs heard before their first non-finite loss (a positive margin). */
  public long heardBeforeNonFinite() {
    return stepsBeforeNonFinite.stream().filter(m -> m > 0).count();
  }
}
