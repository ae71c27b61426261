package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.RuleSettings;
import java.util.List;

/**
 * PromQL fragments the alerts share: hysteresis through the alert's own {@code ALERTS} series, the
 * deepest layer of a run, and whether learning has stalled.
 */
final class Promql {
  /**
   * The deepest layer of each run: the one whose depth is the run's largest. The server leaves the
   * deepest layer of each sample out of the depth-relative rules.
   */
  static final String DEEPEST =
      "neuronwatch_layer_depth\n  == on (run) group_left\n  max by (run) (neuronwatch_layer_depth)";

  private Promql() {}

  /**
   * The alert's condition with hysteresis: {@code fire}, or {@code keep} (the condition with the
   * clear thresholds) while the alert is already firing, matched {@code on} the given labels.
   */
  static String hysteresis(String alert, String fire, String keep, String on) {
    return "(\n"
        + indent(fire)
        + "\n)\nor\n(\n  (\n"
        + indent(indent(keep))
        + "\n  )\n  and on ("
        + on
        + ")\n    "
        + firing(alert)
        + "\n)";
  }

  /** The alert's own firing series, as Prometheus writes it after each evaluation. */
  static String firing(String alert) {
    return "ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\"}";
  }

  /** The runs whose learning has stalled, as {@code SampleSignals.learningStalled} judges it. */
  static String stalled(RuleSettings settings) {
    return "(\n    neuronwatch_run_loss_window_median\n      > "
        + PromqlLiteral.number(settings.stalledLossRatio())
        + " * neuronwatch_run_loss_window_first\n"
        + "  and\n"
        + "    neuronwatch_run_loss_window_first > 0\n"
        + "  )";
  }

  /** Each line of {@code text} indented by two spaces. */
  static String indent(String text) {
    return "  " + text.replace("\n", "\n  ");
  }

  /** {@code branches} joined by {@code or}, each in parentheses. */
  static String anyOf(List<String> branches) {
    if (branches.size() == 1) {
      return branches.get(0);
    }
    StringBuilder expr = new StringBuilder();
    for (int i = 0; i < branches.size(); i++) {
      if (i > 0) {
        expr.append("\nor\n");
      }
      expr.append("(\n").append(indent(branches.get(i))).append("\n)");
    }
    return expr.toString();
  }
}
