package dev.neuronwatch.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one benchmark produced: the analysed pathology runs whose pathology showed, the
 * healthy runs that learned, what was excluded or skipped, and when and how long it ran.
 *
 * <pre>{@code
 * BenchmarkResult result = DetectionBenchmark.run(Tier.QUICK, 2, System.err);
 * List<RuleScore> scores = result.scores();
 * }</pre>
 */
public record BenchmarkResult(
    Tier tier,
    List<RunAnalysis> pathologies,
    List<RunAnalysis> healthy,
    List<Exclusion> excluded,
    List<String> notes,
    Instant started,
    Duration took) {
  public BenchmarkResult {
    pathologies = List.copyOf(pathologies);
    healthy = List.copyOf(healthy);
    excluded = List.copyOf(excluded);
    notes = List.copyOf(notes);
  }

  /** Per-rule figures. */
  public List<RuleScore> scores() {
    return RuleScores.of(pathologies, healthy);
  }

  /** Healthy runs on which any alert fired. */
  public List<RunAnalysis> falseAlarms() {
    return healthy.stream().filter(run -> !run.fires().isEmpty()).toList();
  }

  /** Pathology runs that were not detected. */
  public List<RunAnalysis> missed() {
    return pathologies.stream().filter(run -> !run.detected()).toList();
  }

  /** The most fire/resolve cycles of one alert in one run, over all runs. */
  public int maxCycles() {
    return scores().stream().mapToInt(RuleScore::maxCycles).max().orElse(0);
  }
}
