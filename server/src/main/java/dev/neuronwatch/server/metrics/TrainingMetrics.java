package dev.neuronwatch.server.metrics;

import dev.neuronwatch.server.rules.AlertTransition;
import dev.neuronwatch.server.rules.SampleSignals;
import dev.neuronwatch.server.store.RunSnapshot;
import dev.neuronwatch.server.store.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Binds what the server learns about training to its metrics: per-run meters, alert series and
 * {@code neuronwatch.runs} (read from the store) in Micrometer, and the per-layer values in a
 * compact state of their own that {@link MetricsExposition} writes next to the registry's families
 * (a meter per per-layer series cost about 640 bytes of heap more, and a scrape of two million of
 * them took about 10 s). Metric names follow Prometheus conventions once rendered: base units,
 * {@code _ratio} for fractions, {@code _total} only on counters; the step is never a tag. Calls for
 * one run must be serialised (they come from under the store's run lock); runs proceed in parallel.
 *
 * <pre>{@code
 * TrainingMetrics metrics = new TrainingMetrics(registry, store);
 * metrics.sampleApplied(signals);
 * metrics.pushApplied(snapshot);
 * new MetricsExposition(registry, metrics).write(out, ExpositionFormat.PROMETHEUS_TEXT);
 * }</pre>
 */
public final class TrainingMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, RunMetrics> runs = new ConcurrentHashMap<>();
  private final AlertMetrics alerts;

  public TrainingMetrics(MeterRegistry registry, RunStore store) {
    this.registry = registry;
    this.alerts = new AlertMetrics(registry);
    Gauge.builder("neuronwatch.runs", store, RunStore::size)
        .description("Runs the server knows")
        .strongReference(true)
        .register(registry);
  }

  /** Updates the run's meters and its layers' values from one applied sample. */
  public void sampleApplied(SampleSignals sample) {
    run(sample.run()).sampleApplied(sample);
  }

  /** Updates the run-level meters after a push. */
  public void pushApplied(RunSnapshot run) {
    run(run.run()).pushApplied(run);
  }

  /** Adds and removes alert series. */
  public void alertsChanged(List<AlertTransition> transitions) {
    if (!transitions.isEmpty()) {
      alerts.apply(transitions);
    }
  }

  /**
   * Removes every series of a run that is gone; its alert series go with the transitions that ended
   * its alerts, passed to {@link #alertsChanged}.
   */
  public void runEnded(String run) {
    alerts.runEnded(run);
    RunMetrics metrics = runs.remove(run);
    if (metrics != null) {
      metrics.remove();
    }
  }

  /** Every layer of every run, for one pass of the exposition. */
  void forEachLayer(Consumer<LayerSeries> action) {
    for (RunMetrics run : runs.values()) {
      run.forEachLayer(action);
    }
  }

  private RunMetrics run(String run) {
    return runs.computeIfAbsent(run, name -> new RunMetrics(registry, name));
  }
}
