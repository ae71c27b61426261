package dev.neuronwatch.server.history;

import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.server.rules.AlertTransition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The history of every run the server holds, fed from the ingest path (under each run's lock, so in
 * step order) and forgotten when the run ends (deleted or evicted), like its metrics. Each run
 * keeps at most {@link #DEFAULT_POINTS} points per statistic (see {@link RunHistory} for the
 * downsampling) and its last {@link #DEFAULT_EVENTS} alert events.
 *
 * <pre>{@code
 * TrainingHistory history = new TrainingHistory();
 * history.sampleApplied("run-1", sample, transitions);
 * Optional<SeriesView> loss = history.view("run-1", SeriesMetric.LOSS, null, 0);
 * }</pre>
 */
public final class TrainingHistory {
  /** Points kept per run and statistic. */
  public static final int DEFAULT_POINTS = 256;

  /** Alert events kept per run. */
  public static final int DEFAULT_EVENTS = 256;

  private final ConcurrentMap<String, RunHistory> runs = new ConcurrentHashMap<>();
  private final int points;
  private final int events;

  /** A history with the default bounds. */
  public TrainingHistory() {
    this(DEFAULT_POINTS, DEFAULT_EVENTS);
  }

  /**
   * @param points the most points per run and statistic, even and at least 2
   * @param events the most alert events per run, at least 1
   */
  public TrainingHistory(int points, int events) {
    if (points < 2 || points % 2 != 0) {
      throw new IllegalArgumentException("points must be even and at least 2, was " + points);
    }
    if (events < 1) {
      throw new IllegalArgumentException("events must be at least 1, was " + events);
    }
    this.points = points;
    this.events = events;
  }

  /**
   * Records one applied sample of {@code run} and the alert changes it caused; firing and resolved
   * changes become events at the sample's step.
   */
  public void sampleApplied(String run, StepSample sample, List<AlertTransition> changes) {
    RunHistory history = runs.computeIfAbsent(run, name -> new RunHistory(name, points, events));
    history.record(sample);
    for (AlertTransition change : changes) {
      if (change.kind() == AlertTransition.Kind.FIRING
          || change.kind() == AlertTransition.Kind.RESOLVED) {
        history.event(
            change.alert().name(),
            change.alert().layer(),
            change.kind().name().toLowerCase(Locale.ROOT),
            sample.step());
      }
    }
  }

  /** Forgets a run that ended. */
  public void runEnded(String run) {
    runs.remove(run);
  }

  /** True when the run is known and has sent a layer of this name. */
  public boolean hasLayer(String run, String layer) {
    RunHistory history = runs.get(run);
    return history != null && history.hasLayer(layer);
  }

  /**
   * One statistic of a run from step {@code from} on, for one layer or, with {@code layer} null,
   * every layer; empty when the run is unknown.
   */
  public Optional<SeriesView> view(String run, SeriesMetric metric, String layer, long from) {
    return Optional.ofNullable(runs.get(run)).map(h -> h.view(metric, layer, from));
  }
}
