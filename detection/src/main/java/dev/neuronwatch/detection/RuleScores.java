package dev.neuronwatch.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores every rule that was expected or fired, from analysed runs; pure, no I/O.
 *
 * <pre>{@code
 * List<RuleScore> scores = RuleScores.of(pathologyRuns, healthyRuns);
 * }</pre>
 */
public final class RuleScores {
  private RuleScores() {}

  /**
   * @param pathologies the labelled pathology runs whose pathology showed
   * @param healthy the healthy runs that learned
   */
  public static List<RuleScore> of(List<RunAnalysis> pathologies, List<RunAnalysis> healthy) {
    TreeSet<String> rules = new TreeSet<>();
    for (RunAnalysis run : pathologies) {
      rules.add(run.spec().expected().alert());
      rules.addAll(run.fires().keySet());
    }
    for (RunAnalysis run : healthy) {
      rules.addAll(run.fires().keySet());
    }
    List<RuleScore> scores = new ArrayList<>();
    for (String rule : rules) {
      scores.add(score(rule, pathologies, healthy));
    }
    return scores;
  }

  private static RuleScore score(
      String rule, List<RunAnalysis> pathologies, List<RunAnalysis> healthy) {
    int labelled = 0;
    int detected = 0;
    int heard = 0;
    List<Long> leadSteps = new ArrayList<>();
    List<Long> leadMillis = new ArrayList<>();
    List<Long> beforeNonFinite = new ArrayList<>();
    for (RunAnalysis run : pathologies) {
      if (!rule.equals(run.spec().expected().alert())) {
        continue;
      }
      labelled++;
      detected += run.detected() ? 1 : 0;
      if (run.firstHeard(rule) != null) {
        heard++;
        addIfPresent(leadSteps, run.leadSteps(rule));
        addIfPresent(leadMillis, run.leadMillis(rule));
        addIfPresent(beforeNonFinite, run.stepsBeforeNonFinite(rule));
      }
    }
    int falseAlarms = 0;
    for (RunAnalysis run : healthy) {
      falseAlarms += run.fired(rule) ? 1 : 0;
    }
    int maxCycles = 0;
    int excess = 0;
    for (List<RunAnalysis> runs : List.of(pathologies, healthy)) {
      for (RunAnalysis run : runs) {
        Map<String, Integer> byLayer = run.fires().getOrDefault(rule, Map.of());
        for (int cycles : byLayer.values()) {
          maxCycles = Math.max(maxCycles, cycles);
          excess += Math.max(0, cycles - 1);
        }
      }
    }
    return new RuleScore(
        rule,
        labelled,
        detected,
        heard,
        leadSteps,
        leadMillis,
        beforeNonFinite,
        falseAlarms,
        healthy.size(),
        maxCycles,
        excess);
  }

  private static void addIfPresent(List<Long> values, Long value) {
    if (value != null) {
      values.add(value);
    }
  }
}
