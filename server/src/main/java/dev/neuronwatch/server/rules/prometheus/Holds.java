package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.AlertRule;
import java.time.Duration;
import java.util.List;

/**
 * Gives each Prometheus alert the holds of the server rule of the same name. The server counts
 * samples: an alert fires on the n-th consecutive sample with its condition and resolves on the
 * n-th without. Prometheus sees the latest sample's values once per rule evaluation, so here n
 * counts evaluations: {@code for:} and {@code keep_firing_for:} are (n - 1) evaluation intervals,
 * because Prometheus starts the clock at the first evaluation that sees (or stops seeing) the
 * condition.
 */
record Holds(List<AlertRule> rules, Duration evaluationInterval) {

  Holds {
    rules = List.copyOf(rules);
  }

  /** The time an alert waits for {@code evaluations} consecutive evaluations, the first at 0. */
  Duration heldFor(int evaluations) {
    return evaluationInterval.multipliedBy(evaluations - 1L);
  }

  PrometheusAlert apply(
      String name,
      List<String> comment,
      String expr,
      String severity,
      String summary,
      String description) {
    AlertRule rule =
        rules.stream()
            .filter(r -> r.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no server rule named " + name));
    return new PrometheusAlert(
        name,
        comment,
        expr,
        heldFor(rule.fireAfter()),
        heldFor(rule.resolveAfter()),
        severity,
        summary,
        description);
  }
}
