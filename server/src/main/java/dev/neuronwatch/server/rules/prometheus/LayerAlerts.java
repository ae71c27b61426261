package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.server.rules.DyingReluRule;
import dev.neuronwatch.server.rules.ExplodingGradientRule;
import dev.neuronwatch.server.rules.FrozenLayerRule;
import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.SaturatedActivationsRule;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The per-layer alerts on activations, exploding gradients and frozen layers, in PromQL over the
 * server's layer gauges, with the fire and clear thresholds of the settings. (Vanishing gradients
 * are {@link VanishingGradientAlert}.)
 */
final class LayerAlerts {
  private static final String ON = "run, layer";

  private final RuleSettings settings;
  private final Holds holds;

  LayerAlerts(RuleSettings settings, Holds holds) {
    this.settings = settings;
    this.holds = holds;
  }

  private static String n(double value) {
    return PromqlLiteral.number(value);
  }

  PrometheusAlert dyingRelu() {
    String fire = PromqlLiteral.percent(settings.deadUnitRatio());
    String clear = PromqlLiteral.percent(settings.deadUnitClearRatio());
    String series = "neuronwatch_layer_dead_units_ratio{activation=\"relu\"}";
    return holds.apply(
        DyingReluRule.NAME,
        List.of(
            "More than " + fire + " of a ReLU layer's units output exactly zero for the whole",
            "batch (no gradient flows through them); clears below " + clear + ". Leaky ReLU, PReLU",
            "and ELU units are never dead (see neuronwatch_layer_negative_units_ratio)."),
        Promql.hysteresis(
            DyingReluRule.NAME,
            series + " > " + n(settings.deadUnitRatio()),
            series + " >= " + n(settings.deadUnitClearRatio()),
            ON),
        "warning",
        "Dying ReLU units in {{ $labels.run }}/{{ $labels.layer }}",
        "{{ $value | humanizePercentage }} of the units of layer {{ $labels.layer }}"
            + " ({{ $labels.activation }}) in run {{ $labels.run }} output zero for the whole"
            + " batch (fires above "
            + fire
            + ", clears below "
            + clear
            + ").");
  }

  PrometheusAlert explodingGradient() {
    String growth = n(settings.explodingGrowthRatio());
    String depth = n(settings.explodingDepthRatio());
    String fire =
        "neuronwatch_layer_gradient_growth_ratio > "
            + growth
            + "\nor\nneuronwatch_layer_gradient_depth_ratio > "
            + depth;
    String keep =
        "neuronwatch_layer_gradient_growth_ratio >= "
            + n(settings.explodingGrowthClearRatio())
            + "\nor\nneuronwatch_layer_gradient_depth_ratio >= "
            + n(settings.explodingDepthClearRatio());
    String escalate =
        "max by (run, layer, activation) (ALERTS{alertname=\""
            + ExplodingGradientRule.NAME
            + "\"})\n  and on (run, layer)\n"
            + "(\n  sum by (run, layer) (\n"
            + "    increase(neuronwatch_layer_nonfinite_values_total{tensor=~\"gradient|weights\"}"
            + "["
            + RunAlerts.NON_FINITE_WINDOW
            + "])\n  ) > 0\n)";
    return holds.apply(
        ExplodingGradientRule.NAME,
        List.of(
            "The weight-gradient norm is above "
                + growth
                + " times the median of the layer's recent norms, or",
            "above "
                + depth
                + " times the deepest layer's; clears below "
                + n(settings.explodingGrowthClearRatio())
                + " and "
                + n(settings.explodingDepthClearRatio())
                + ". A pending alert stays",
            "pending while the layer's gradient or weights turn non-finite (the server fires it",
            "at once then; for: cannot be cut short here)."),
        Promql.hysteresis(ExplodingGradientRule.NAME, fire, keep, ON)
            + "\nor\n(\n"
            + Promql.indent(escalate)
            + "\n)",
        "critical",
        "Exploding gradient in {{ $labels.run }}/{{ $labels.layer }}",
        "The weight gradient of layer {{ $labels.layer }} in run {{ $labels.run }} is exploding"
            + " (ratio {{ printf \"%.3g\" $value }}: growth over its recent median above "
            + growth
            + ", or depth ratio above "
            + depth
            + ").");
  }

  PrometheusAlert saturatedActivations() {
    String fire = PromqlLiteral.percent(settings.saturationRatio());
    String kinds = activations(k -> SaturatedActivationsRule.applies(k, settings));
    String series = "neuronwatch_layer_saturation_ratio{activation=~\"" + kinds + "\"}";
    String fireExpr =
        series
            + " > "
            + n(settings.saturationRatio())
            + "\n  unless on (run, layer)\n    neuronwatch_layer_activation_gain >= "
            + n(settings.activationGain());
    String keepExpr =
        series
            + " >= "
            + n(settings.saturationClearRatio())
            + "\n  unless on (run, layer)\n    neuronwatch_layer_activation_gain > "
            + n(settings.activationGainClear());
    return holds.apply(
        SaturatedActivationsRule.NAME,
        List.of(
            "More than "
                + fire
                + " of a hidden "
                + kinds.replace("|", ", ")
                + " layer's outputs sit",
            "at their bounds AND the activation's gain (when measured) is below "
                + n(settings.activationGain())
                + ": it no",
            "longer passes the gradient. Clears below "
                + PromqlLiteral.percent(settings.saturationClearRatio())
                + " or with a gain above "
                + n(settings.activationGainClear())
                + ". The deepest layer is",
            "left out: an output layer near its bounds is confidence, not pathology."),
        "(\n"
            + Promql.indent(
                Promql.hysteresis(SaturatedActivationsRule.NAME, fireExpr, keepExpr, ON))
            + "\n)\nunless on (run, layer)\n  (\n"
            + Promql.indent(Promql.indent(Promql.DEEPEST))
            + "\n  )",
        "warning",
        "Saturated activations in {{ $labels.run }}/{{ $labels.layer }}",
        "{{ $value | humanizePercentage }} of the outputs of layer {{ $labels.layer }}"
            + " ({{ $labels.activation }}) in run {{ $labels.run }} are saturated and pass little"
            + " gradient (fires above "
            + fire
            + " with a gain below "
            + n(settings.activationGain())
            + ").");
  }

  PrometheusAlert frozenLayer() {
    String fire = n(settings.frozenUpdateRatio());
    // Other layers update when more layers of the run update than this one does: the count of
    // updating layers minus this layer's own 0 or 1 is positive.
    String others =
        "(\n    (neuronwatch_layer_update_ratio > bool "
            + fire
            + ")\n"
            + "      - on (run) group_left\n"
            + "    count by (run) (neuronwatch_layer_update_ratio > "
            + fire
            + ")\n  ) < 0";
    String vanished =
        "(neuronwatch_layer_gradient_depth_ratio < "
            + n(settings.vanishingDepthRatio())
            + " or neuronwatch_layer_gradient_weight_mean_abs < "
            + n(settings.vanishingMeanAbs())
            + ")";
    String fireExpr =
        "neuronwatch_layer_update_ratio < "
            + fire
            + "\n  and on (run, layer)\n  "
            + others
            + "\n  unless on (run, layer)\n    "
            + vanished;
    String keepExpr =
        "neuronwatch_layer_update_ratio <= "
            + n(settings.frozenUpdateClearRatio())
            + "\n  and on (run, layer)\n  "
            + others
            + "\n  unless on (run, layer)\n    "
            + vanished;
    return holds.apply(
        FrozenLayerRule.NAME,
        List.of(
            "A layer's update-to-weight ratio is below "
                + fire
                + " while another layer of the run updates",
            "above it and the layer's gradient has not vanished: its weights stopped changing",
            "(a parameter left out of the optimiser). Clears above "
                + n(settings.frozenUpdateClearRatio())
                + "."),
        Promql.hysteresis(FrozenLayerRule.NAME, fireExpr, keepExpr, ON),
        "warning",
        "Frozen layer in {{ $labels.run }}/{{ $labels.layer }}",
        "The weights of layer {{ $labels.layer }} in run {{ $labels.run }} stopped changing"
            + " (update ratio {{ printf \"%.3g\" $value }}, fires below "
            + fire
            + ") while other layers still train.");
  }

  /** The wire names of the activation kinds that match, as a PromQL regex alternation. */
  static String activations(Predicate<ActivationKind> matches) {
    return Arrays.stream(ActivationKind.values())
        .filter(matches)
        .map(ActivationKind::wireName)
        .collect(Collectors.joining("|"));
  }
}
