package dev.neuronwatch.deploy;

import java.util.Set;
import java.util.TreeSet;

/**
 * The one list of metric names that dashboards and alert rules may use: the series the Neuronwatch
 * server exports (Prometheus names, as a scrape of {@code /metrics} shows them) and the series
 * Prometheus itself adds. A typo or a renamed server metric in a query fails the dashboard and rule
 * tests instead of drawing an empty panel or an alert that can never fire.
 *
 * <pre>{@code
 * assertThat(KnownMetrics.all()).containsAll(PromqlMetricNames.of(expr));
 * }</pre>
 */
final class KnownMetrics {
  /** Exported by the Neuronwatch server. */
  static final Set<String> SERVER =
      Set.of(
          // Per layer; tags run, layer, activation. Gauges: the last applied sample's value.
          "neuronwatch_layer_activation_mean",
          "neuronwatch_layer_activation_stddev",
          "neuronwatch_layer_activation_min",
          "neuronwatch_layer_activation_max",
          "neuronwatch_layer_zero_ratio",
          "neuronwatch_layer_dead_units_ratio",
          "neuronwatch_layer_saturation_ratio",
          "neuronwatch_layer_gradient_weight_norm",
          "neuronwatch_layer_gradient_bias_norm",
          "neuronwatch_layer_gradient_output_norm",
          "neuronwatch_layer_gradient_weight_mean_abs",
          "neuronwatch_layer_gradient_depth_ratio",
          "neuronwatch_layer_gradient_growth_ratio",
          "neuronwatch_layer_weight_norm",
          "neuronwatch_layer_update_ratio",
          // Counter; tags run, layer, tensor (output|gradient), kind (nan|inf).
          "neuronwatch_layer_nonfinite_values_total",
          // Per run; tag run.
          "neuronwatch_run_loss",
          "neuronwatch_run_step",
          "neuronwatch_run_last_push_timestamp_seconds",
          "neuronwatch_run_samples_total",
          "neuronwatch_run_finished",
          "neuronwatch_run_loss_nonfinite_total",
          // The agent's cumulative counters as it reports them; tag run.
          "neuronwatch_agent_samples_taken",
          "neuronwatch_agent_samples_pushed",
          "neuronwatch_agent_samples_dropped",
          "neuronwatch_agent_pushes_failed",
          // The server itself.
          "neuronwatch_ingest_reports_total",
          "neuronwatch_ingest_rejected_total",
          "neuronwatch_alerts",
          "neuronwatch_runs");

  /** Added by Prometheus: alert state and scrape health. */
  static final Set<String> PROMETHEUS = Set.of("ALERTS", "ALERTS_FOR_STATE", "up");

  private KnownMetrics() {}

  static Set<String> all() {
    Set<String> all = new TreeSet<>(SERVER);
    all.addAll(PROMETHEUS);
    return all;
  }
}
