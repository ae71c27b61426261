package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.NonFiniteValuesRule;
import java.time.Duration;
import java.util.List;

/**
 * The alerts that need no layer threshold: non-finite values (per layer, and for the loss at run
 * level) and an agent that stopped pushing, which only Prometheus can see, the server hearing
 * nothing.
 */
final class RunAlerts {
  /**
   * How long a non-finite count keeps counting: the counters only grow, so the alert looks at their
   * increase over this window.
   */
  static final String NON_FINITE_WINDOW = "1m";

  /** {@link #NON_FINITE_WINDOW} for people. */
  private static final String NON_FINITE_WINDOW_WORDS = "minute";

  private final Holds holds;
  private final Duration agentSilence;

  RunAlerts(Holds holds, Duration agentSilence) {
    this.holds = holds;
    this.agentSilence = agentSilence;
  }

  PrometheusAlert nonFiniteValues() {
    return holds.apply(
        NonFiniteValuesRule.NAME,
        List.of(
            "NaN or Inf in a layer's outputs or gradients, or a non-finite loss (run-level: no"
                + " layer",
            "label), within the last "
                + NON_FINITE_WINDOW
                + ". A counter series seen for less"
                + " than that counts whole:",
            "increase() needs two samples, and a run that blows up before the first scrape"
                + " creates its",
            "counter already above zero."),
        increased("neuronwatch_layer_nonfinite_values_total", "run, layer")
            + "\nor\n"
            + increased("neuronwatch_run_loss_nonfinite_total", "run"),
        "critical",
        "Non-finite values in {{ $labels.run }}{{ if $labels.layer }}/{{ $labels.layer }}{{ end }}",
        "{{ if $labels.layer }}Layer {{ $labels.layer }}{{ else }}The loss{{ end }} of run"
            + " {{ $labels.run }} produced {{ $value | humanize }} NaN or Inf values in the last "
            + NON_FINITE_WINDOW_WORDS
            + ".");
  }

  PrometheusAlert agentStopped() {
    String silence = PromqlLiteral.duration(agentSilence);
    return new PrometheusAlert(
        PrometheusRuleFile.AGENT_STOPPED,
        List.of(
            "A run that has not finished but has not pushed for "
                + silence
                + ": the training"
                + " process died,",
            "hangs, or lost its connection to the server. No hold: the silence is the hold."),
        "(time() - neuronwatch_run_last_push_timestamp_seconds > "
            + agentSilence.getSeconds()
            + ")\nand on (run)\n  (neuronwatch_run_finished == 0)",
        Duration.ZERO,
        Duration.ZERO,
        "warning",
        "Run {{ $labels.run }} stopped pushing",
        "Run {{ $labels.run }} has not finished but its agent last pushed"
            + " {{ $value | humanizeDuration }} ago (threshold "
            + silence
            + ").");
  }

  /** A counter that rose within the window, or appeared within it already above zero. */
  private static String increased(String counter, String by) {
    return "(\n"
        + "  sum by ("
        + by
        + ") (\n"
        + "      ("
        + counter
        + "\n"
        + "        unless "
        + counter
        + " offset "
        + NON_FINITE_WINDOW
        + ")\n"
        + "    or\n"
        + "      increase("
        + counter
        + "["
        + NON_FINITE_WINDOW
        + "])\n"
        + "  ) > 0\n"
        + ")";
  }
}
