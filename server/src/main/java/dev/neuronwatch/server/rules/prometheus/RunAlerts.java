package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.LossSpikeRule;
import dev.neuronwatch.server.rules.NonFiniteValuesRule;
import dev.neuronwatch.server.rules.RuleSettings;
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

  private final RuleSettings settings;
  private final Holds holds;
  private final Duration agentSilence;

  RunAlerts(RuleSettings settings, Holds holds, Duration agentSilence) {
    this.settings = settings;
    this.holds = holds;
    this.agentSilence = agentSilence;
  }

  PrometheusAlert lossSpike() {
    String fire =
        spike(
            ">", settings.lossSpikeSigma(), settings.lossSpikeRatio(), settings.lossSpikeOfFirst());
    String keep =
        spike(
            ">=",
            settings.lossSpikeClearSigma(),
            settings.lossSpikeClearRatio(),
            settings.lossSpikeClearOfFirst());
    return holds.apply(
        LossSpikeRule.NAME,
        List.of(
            "The latest sample's loss is above all of: the loss window's median plus "
                + PromqlLiteral.number(settings.lossSpikeSigma())
                + " robust",
            "standard deviations (1.4826 MAD), "
                + PromqlLiteral.number(settings.lossSpikeRatio())
                + " times the median, and the median plus "
                + PromqlLiteral.number(settings.lossSpikeOfFirst())
                + " of the",
            "run's loss scale (the median of its first losses); the window must hold "
                + settings.lossSpikeMinCount()
                + " losses. Clears below the same bounds with "
                + PromqlLiteral.number(settings.lossSpikeClearSigma())
                + ",",
            PromqlLiteral.number(settings.lossSpikeClearRatio())
                + " and "
                + PromqlLiteral.number(settings.lossSpikeClearOfFirst())
                + ". Prometheus sees the latest sample only: a spike the agent sends between"
                + " two",
            "scrapes is seen by the server alone."),
        Promql.hysteresis(LossSpikeRule.NAME, fire, keep, "run"),
        "critical",
        "Loss spike in {{ $labels.run }}",
        "The loss of run {{ $labels.run }} jumped to {{ printf \"%.3g\" $value }}, far above the"
            + " median of its recent steps.");
  }

  private String spike(String op, double sigma, double ratio, double ofFirst) {
    String loss = "neuronwatch_run_loss " + op + " ";
    return loss
        + "neuronwatch_run_loss_window_median + "
        + PromqlLiteral.number(sigma)
        + " * "
        + LossSpikeRule.MAD_TO_SIGMA
        + " * neuronwatch_run_loss_window_mad\nand\n"
        + loss
        + PromqlLiteral.number(ratio)
        + " * neuronwatch_run_loss_window_median\nand\n"
        + loss
        + "neuronwatch_run_loss_window_median + "
        + PromqlLiteral.number(ofFirst)
        + " * abs(neuronwatch_run_loss_window_first)\nand\n"
        + "neuronwatch_run_loss_window_steps >= "
        + settings.lossSpikeMinCount();
  }

  PrometheusAlert nonFiniteValues() {
    return holds.apply(
        NonFiniteValuesRule.NAME,
        List.of(
            "NaN or Inf in a layer's outputs, gradients, weights or update, or a non-finite loss"
                + " (run-level:",
            "no layer label), within the last "
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
