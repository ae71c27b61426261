package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The verdict on one monitored run, computed without I/O from its {@link RunRecord} and, for a
 * pathology, the {@link Trajectory} of its reference pass.
 *
 * <ul>
 *   <li>{@link #fires()}: per alert (rule and layer), how many times it went to firing on the
 *       server (resolved entries plus the one still firing): its fire/resolve cycles.
 *   <li>{@link #firstHeard(String)}: the first time the listener heard the rule, on any layer.
 *   <li>{@link #leadSteps()} / {@link #leadMillis()}: from the onset to the listener hearing the
 *       expected alert (upper bound of the step, so never optimistic).
 *   <li>{@link #stepsBeforeNonFinite()}: first non-finite loss step minus that upper bound;
 *       positive means heard before the loss became non-finite.
 * </ul>
 *
 * <pre>{@code
 * RunAnalysis analysis = RunAnalysis.of(record, trajectory);
 * boolean caught = analysis.detected();
 * }</pre>
 */
public final class RunAnalysis {
  private final RunRecord record;
  private final OptionalLong onset;
  private final OptionalLong firstNonFinite;
  private final Long onsetMillis;
  private final Boolean retraced;
  private final Map<String, Map<String, Integer>> fires;
  private final Map<String, HeardMoment> firstHeard;
  private final Map<String, Alert> lastFiring = new TreeMap<>();

  private RunAnalysis(RunRecord record, Trajectory truth) {
    this.record = record;
    List<StepSample> delivered = new ArrayList<>(record.delivered());
    delivered.sort(Comparator.comparingLong(StepSample::step));
    Expectation expected = record.spec().expected();
    this.onset =
        truth == null || expected.isHealthy()
            ? OptionalLong.empty()
            : expected.onset().find(truth.steps());
    this.firstNonFinite = truth == null ? OptionalLong.empty() : truth.firstNonFiniteLoss();
    this.retraced =
        truth == null
            ? null
            : truth.result().weightsChecksum() == record.result().weightsChecksum();
    this.onsetMillis =
        onset.isEmpty()
            ? null
            : delivered.stream()
                .filter(s -> s.step() >= onset.getAsLong())
                .map(StepSample::timeMillis)
                .findFirst()
                .orElse(null);
    this.fires = countFires(record.serverAlerts());
    this.firstHeard = new LinkedHashMap<>();
    boolean gaps = record.samplesDropped() > 0;
    for (HeardAlert heard : record.heard()) {
      firstHeard.computeIfAbsent(
          heard.rule(),
          rule ->
              HeardMoment.of(
                  heard, delivered, record.spec().sampleEvery(), record.result().steps(), gaps));
    }
  }

  /** Analyses {@code record}; {@code truth} is its reference pass, or null for a healthy run. */
  public static RunAnalysis of(RunRecord record, Trajectory truth) {
    return new RunAnalysis(record, truth);
  }

  private Map<String, Map<String, Integer>> countFires(List<Alert> alerts) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Alert alert : alerts) {
      if (alert.state() == AlertState.FIRING || alert.state() == AlertState.RESOLVED) {
        counts
            .computeIfAbsent(alert.name(), k -> new TreeMap<>())
            .merge(alert.layer(), 1, Integer::sum);
        lastFiring.putIfAbsent(alert.name() + "\n" + alert.layer(), alert);
      }
    }
    return counts;
  }

  public RunRecord record() {
    return record;
  }

  public RunSpec spec() {
    return record.spec();
  }

  /** Onset step of the labelled pathology; empty for healthy runs or when it never showed. */
  public OptionalLong onset() {
    return onset;
  }

  public OptionalLong firstNonFinite() {
    return firstNonFinite;
  }

  /** Whether the monitored run retraced its reference pass bit for bit; null without one. */
  public Boolean retraced() {
    return retraced;
  }

  /** Rule name to layer to number of times it fired. */
  public Map<String, Map<String, Integer>> fires() {
    return fires;
  }

  /** The most recent server entry of a fired alert (its value and summary), or null. */
  public Alert lastEntry(String rule, String layer) {
    return lastFiring.get(rule + "\n" + layer);
  }

  /** Whether {@code rule} fired on the server on any layer. */
  public boolean fired(String rule) {
    return fires.containsKey(rule);
  }

  public HeardMoment firstHeard(String rule) {
    return firstHeard.get(rule);
  }

  /** The rules heard, in the order first heard. */
  public List<HeardMoment> heardInOrder() {
    return List.copyOf(firstHeard.values());
  }

  /**
   * Whether the expected alert fired, or its fallback was heard before the first non-finite loss;
   * false for healthy runs.
   */
  public boolean detected() {
    Expectation expected = spec().expected();
    if (expected.isHealthy()) {
      return false;
    }
    return fired(expected.alert()) || fallbackInTime();
  }

  /** Whether the fallback alert (if any) was heard before the first non-finite loss. */
  public boolean fallbackInTime() {
    String fallback = spec().expected().orBeforeNonFinite();
    if (fallback == null || firstNonFinite.isEmpty()) {
      return false;
    }
    HeardMoment heard = firstHeard(fallback);
    return heard != null && heard.stepHigh() < firstNonFinite.getAsLong();
  }

  /** The moment the expected alert was heard, or else its fallback; null when neither. */
  public HeardMoment detectionHeard() {
    Expectation expected = spec().expected();
    if (expected.isHealthy()) {
      return null;
    }
    HeardMoment main = firstHeard(expected.alert());
    if (main != null || expected.orBeforeNonFinite() == null) {
      return main;
    }
    return firstHeard(expected.orBeforeNonFinite());
  }

  /** Steps from onset to hearing {@code rule} (upper bound); null when not heard or no onset. */
  public Long leadSteps(String rule) {
    HeardMoment heard = firstHeard(rule);
    return heard == null || onset.isEmpty() ? null : heard.stepHigh() - onset.getAsLong();
  }

  /** Milliseconds from the onset step's sample to hearing {@code rule}; null when unknown. */
  public Long leadMillis(String rule) {
    HeardMoment heard = firstHeard(rule);
    return heard == null || onsetMillis == null ? null : heard.wallMillis() - onsetMillis;
  }

  /** First non-finite loss step minus the heard step's upper bound; null when either is absent. */
  public Long stepsBeforeNonFinite(String rule) {
    HeardMoment heard = firstHeard(rule);
    return heard == null || firstNonFinite.isEmpty()
        ? null
        : firstNonFinite.getAsLong() - heard.stepHigh();
  }

  /** Final training accuracy, or null for regression. */
  public Double accuracy() {
    return record.result().finalAccuracy();
  }

  /**
   * Whether the run learned: not diverged, and training accuracy at least 0.9, or for regression a
   * mean squared error at most 0.05 (a tenth of the sine target's variance).
   */
  public boolean learned() {
    var result = record.result();
    if (result.diverged() || !Double.isFinite(result.finalLoss())) {
      return false;
    }
    return result.finalAccuracy() != null
        ? result.finalAccuracy() >= 0.9
        : result.finalLoss() <= 0.05;
  }
}
