package dev.neuronwatch.server.metrics;

import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.server.rules.AlertTransition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code neuronwatch.alerts}: 1 per pending or firing alert (tags alertname, run, layer, state),
 * the way Prometheus' own {@code ALERTS} series look. A series is removed when its alert leaves
 * that state; resolved alerts have none. The run-level alert has {@code layer=""}.
 *
 * <p>{@code neuronwatch.alert.firings} (tags alertname, run, layer) counts pending-to-firing
 * transitions, so that an alert that flaps shows as a counter that keeps rising; its series go when
 * the run ends.
 */
final class AlertMetrics {
  static final String NAME = "neuronwatch.alerts";
  static final String FIRINGS = "neuronwatch.alert.firings";

  private final MeterRegistry registry;
  private final Map<Series, Gauge> gauges = new HashMap<>();
  private final Map<List<String>, Counter> firings = new HashMap<>();

  AlertMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  synchronized void apply(List<AlertTransition> transitions) {
    for (AlertTransition transition : transitions) {
      Alert alert = transition.alert();
      switch (transition.kind()) {
        case PENDING -> add(alert, AlertState.PENDING);
        case FIRING -> {
          remove(alert, AlertState.PENDING);
          add(alert, AlertState.FIRING);
          firings(alert).increment();
        }
        case RESOLVED -> remove(alert, AlertState.FIRING);
        case DROPPED -> remove(alert, AlertState.PENDING);
      }
    }
  }

  private Counter firings(Alert alert) {
    return firings.computeIfAbsent(
        List.of(alert.name(), alert.run(), alert.layer()),
        key ->
            Counter.builder(FIRINGS)
                .description("Pending-to-firing transitions of an alert")
                .tags("alertname", key.get(0), "run", key.get(1), "layer", key.get(2))
                .register(registry));
  }

  /** Removes the firing counters of a run that ended. */
  synchronized void runEnded(String run) {
    firings
        .entrySet()
        .removeIf(
            entry -> {
              boolean ofRun = entry.getKey().get(1).equals(run);
              if (ofRun) {
                registry.remove(entry.getValue());
              }
              return ofRun;
            });
  }

  private void add(Alert alert, AlertState state) {
    Series series = new Series(alert.name(), alert.run(), alert.layer(), state);
    gauges.computeIfAbsent(
        series,
        s ->
            Gauge.builder(NAME, () -> 1)
                .description("1 for each pending or firing alert")
                .strongReference(true)
                .tags(
                    "alertname", s.alertname(),
                    "run", s.run(),
                    "layer", s.layer(),
                    "state", s.state().wireName())
                .register(registry));
  }

  private void remove(Alert alert, AlertState state) {
    Gauge gauge = gauges.remove(new Series(alert.name(), alert.run(), alert.layer(), state));
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  private record Series(String alertname, String run, String layer, AlertState state) {}
}
