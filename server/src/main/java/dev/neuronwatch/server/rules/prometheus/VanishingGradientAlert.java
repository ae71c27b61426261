package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.VanishingGradientRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchVanishingGradient in PromQL: one {@code or} branch per check the settings enable (a
 * threshold of 0 disables a check, as in the server), in the order depth ratio, mean magnitude,
 * decay, so that the value is the first that holds. No check enabled, no alert.
 */
final class VanishingGradientAlert {
  /**
   * How far back the decay check looks for the layer's peak norm. The server remembers the whole
   * run; a range vector has to stop somewhere, and an hour covers the start of most runs people
   * watch live without making every evaluation read a day of samples.
   */
  static final String PEAK_WINDOW = "1h";

  private VanishingGradientAlert() {}

  static Optional<PrometheusAlert> of(RuleSettings settings, Holds holds) {
    List<String> branches = new ArrayList<>(3);
    List<String> checks = new ArrayList<>(3);
    List<String> comment = new ArrayList<>(4);
    comment.add("Any of:");
    if (settings.vanishingDepthRatio() > 0) {
      String depth = PromqlLiteral.number(settings.vanishingDepthRatio());
      branches.add("neuronwatch_layer_gradient_depth_ratio < " + depth);
      checks.add("depth ratio below " + depth);
      comment.add(
          "- the layer's weight-gradient norm is below " + depth + " of the deepest layer's;");
    }
    if (settings.vanishingMeanAbs() > 0) {
      String meanAbs = PromqlLiteral.number(settings.vanishingMeanAbs());
      branches.add("neuronwatch_layer_gradient_weight_mean_abs < " + meanAbs);
      checks.add("mean |gradient| below " + meanAbs);
      comment.add("- its mean absolute value is below " + meanAbs + ";");
    }
    if (settings.vanishingDecayRatio() > 0) {
      String decay = PromqlLiteral.number(settings.vanishingDecayRatio());
      branches.add(
          "neuronwatch_layer_gradient_weight_norm\n  < "
              + decay
              + " * max_over_time(neuronwatch_layer_gradient_weight_norm["
              + PEAK_WINDOW
              + "])");
      checks.add("norm below " + decay + " of its peak");
      comment.add(
          "- its norm fell below " + decay + " of its largest norm in the last " + PEAK_WINDOW);
      comment.add("  (the server compares with the whole run).");
    }
    if (branches.isEmpty()) {
      return Optional.empty();
    }
    comment.add("The value is the first that holds, in that order. The deepest layer is never");
    comment.add("\"vanishing\" relative to itself.");
    return Optional.of(
        holds.apply(
            VanishingGradientRule.NAME,
            comment,
            expression(branches),
            "warning",
            "Vanishing gradient in {{ $labels.run }}/{{ $labels.layer }}",
            "The weight gradient of layer {{ $labels.layer }} in run {{ $labels.run }} has"
                + " vanished (value {{ printf \"%.3g\" $value }}: "
                + anyOf(checks)
                + ")."));
  }

  /** "a", "a or b", "a, b, or c". */
  static String anyOf(List<String> alternatives) {
    int last = alternatives.size() - 1;
    if (last == 0) {
      return alternatives.get(0);
    }
    String init = String.join(", ", alternatives.subList(0, last));
    return init + (last > 1 ? "," : "") + " or " + alternatives.get(last);
  }

  private static String expression(List<String> branches) {
    StringBuilder expr = new StringBuilder("(\n");
    for (int i = 0; i < branches.size(); i++) {
      if (i > 0) {
        expr.append("  or\n");
      }
      expr.append("    ").append(branches.get(i).replace("\n", "\n    ")).append('\n');
    }
    return expr.append(")\n").append(LayerAlerts.UNLESS_DEEPEST).toString();
  }
}
