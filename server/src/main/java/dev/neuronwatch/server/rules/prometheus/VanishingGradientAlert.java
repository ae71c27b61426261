package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.VanishingGradientRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchVanishingGradient in PromQL: one {@code or} branch per check the settings enable (a
 * threshold of 0 disables a check, as in the server), in the order depth ratio, mean magnitude,
 * decay, so that the value is the first that holds; the mean-magnitude and decay checks count only
 * while the run's learning has stalled. The deepest layer is left out. No check enabled, no alert.
 */
final class VanishingGradientAlert {
  private VanishingGradientAlert() {}

  private record Check(String fire, String keep, String words, String comment) {}

  static Optional<PrometheusAlert> of(RuleSettings settings, Holds holds) {
    String stalled = Promql.stalled(settings);
    List<Check> checks = new ArrayList<>(3);
    if (settings.vanishingDepthRatio() > 0) {
      String fire = PromqlLiteral.number(settings.vanishingDepthRatio());
      String series = "neuronwatch_layer_gradient_depth_ratio";
      checks.add(
          new Check(
              series + " < " + fire,
              series + " <= " + PromqlLiteral.number(settings.vanishingDepthClearRatio()),
              "depth ratio below " + fire,
              "- always: the norm is below "
                  + fire
                  + " of the deepest layer's (clears above "
                  + PromqlLiteral.number(settings.vanishingDepthClearRatio())
                  + ");"));
    }
    if (settings.vanishingMeanAbs() > 0) {
      String fire = PromqlLiteral.number(settings.vanishingMeanAbs());
      String series = "neuronwatch_layer_gradient_weight_mean_abs";
      checks.add(
          new Check(
              series + " < " + fire + "\n  and on (run)\n  " + stalled,
              series
                  + " <= "
                  + PromqlLiteral.number(settings.vanishingMeanAbsClear())
                  + "\n  and on (run)\n  "
                  + stalled,
              "mean |gradient| below " + fire,
              "- while learning has stalled: the mean |gradient| is below "
                  + fire
                  + " (clears above "
                  + PromqlLiteral.number(settings.vanishingMeanAbsClear())
                  + ");"));
    }
    if (settings.vanishingDecayRatio() > 0) {
      String fire = PromqlLiteral.number(settings.vanishingDecayRatio());
      String series = "neuronwatch_layer_gradient_decay_ratio";
      checks.add(
          new Check(
              series + " < " + fire + "\n  and on (run)\n  " + stalled,
              series
                  + " <= "
                  + PromqlLiteral.number(settings.vanishingDecayClearRatio())
                  + "\n  and on (run)\n  "
                  + stalled,
              "norm below " + fire + " of its peak",
              "- while learning has stalled: the norm is below "
                  + fire
                  + " of the layer's peak in the run (clears above "
                  + PromqlLiteral.number(settings.vanishingDecayClearRatio())
                  + ")."));
    }
    if (checks.isEmpty()) {
      return Optional.empty();
    }
    List<String> comment = new ArrayList<>();
    comment.add("Any of, on a layer other than the deepest:");
    checks.forEach(c -> comment.add(c.comment()));
    comment.add(
        "Learning has stalled while the loss window's median is above "
            + PromqlLiteral.number(settings.stalledLossRatio())
            + " of the run's");
    comment.add("loss scale; without a loss window it never has. The value is the first");
    comment.add("check that holds, in that order.");
    String expr =
        "(\n"
            + Promql.indent(
                Promql.hysteresis(
                    VanishingGradientRule.NAME,
                    Promql.anyOf(checks.stream().map(Check::fire).toList()),
                    Promql.anyOf(checks.stream().map(Check::keep).toList()),
                    "run, layer"))
            + "\n)\nunless on (run, layer)\n  (\n"
            + Promql.indent(Promql.indent(Promql.DEEPEST))
            + "\n  )\nunless on (run, layer)\n  neuronwatch_layer_dead_units_ratio > "
            + PromqlLiteral.number(settings.deadUnitClearRatio());
    return Optional.of(
        holds.apply(
            VanishingGradientRule.NAME,
            comment,
            expr,
            "warning",
            "Vanishing gradient in {{ $labels.run }}/{{ $labels.layer }}",
            "The weight gradient of layer {{ $labels.layer }} in run {{ $labels.run }} has"
                + " vanished (value {{ printf \"%.3g\" $value }}: "
                + anyOf(checks.stream().map(Check::words).toList())
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
}
