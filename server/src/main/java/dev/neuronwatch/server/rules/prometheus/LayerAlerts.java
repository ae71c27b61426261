package dev.neuronwatch.server.rules.prometheus;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.server.rules.DyingReluRule;
import dev.neuronwatch.server.rules.ExplodingGradientRule;
import dev.neuronwatch.server.rules.RuleSettings;
import dev.neuronwatch.server.rules.SaturatedActivationsRule;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The per-layer alerts on activations and exploding gradients, in PromQL over the server's layer
 * gauges, with the thresholds of the settings. (Vanishing gradients, whose checks can be switched
 * off one by one, are {@link VanishingGradientAlert}.)
 */
final class LayerAlerts {
  /**
   * Drops the deepest layer of each run: the server divides every layer's gradient norm by the
   * deepest layer's, so only the deepest divides its norm by itself and reads exactly 1.
   */
  static final String UNLESS_DEEPEST =
      "unless on (run, layer)\n  (neuronwatch_layer_gradient_depth_ratio == 1)";

  private final RuleSettings settings;
  private final Holds holds;

  LayerAlerts(RuleSettings settings, Holds holds) {
    this.settings = settings;
    this.holds = holds;
  }

  PrometheusAlert dyingRelu() {
    String threshold = PromqlLiteral.percent(settings.deadUnitRatio());
    return holds.apply(
        DyingReluRule.NAME,
        List.of(
            "More than "
                + threshold
                + " of a ReLU-family layer's units output zero for the"
                + " whole batch."),
        "neuronwatch_layer_dead_units_ratio{activation=~\""
            + activations(ActivationKind::isReluFamily)
            + "\"} > "
            + PromqlLiteral.number(settings.deadUnitRatio()),
        "warning",
        "Dying ReLU units in {{ $labels.run }}/{{ $labels.layer }}",
        "{{ $value | humanizePercentage }} of the units of layer {{ $labels.layer }}"
            + " ({{ $labels.activation }}) in run {{ $labels.run }} output zero for the whole"
            + " batch (threshold "
            + threshold
            + ").");
  }

  PrometheusAlert explodingGradient() {
    String growth = PromqlLiteral.number(settings.explodingGrowthRatio());
    String depth = PromqlLiteral.number(settings.explodingDepthRatio());
    return holds.apply(
        ExplodingGradientRule.NAME,
        List.of(
            "The weight gradient norm grew more than "
                + growth
                + "-fold since the layer's first"
                + " sample, or is more",
            "than "
                + depth
                + " times the deepest layer's. The value is the growth ratio when it"
                + " holds, else the",
            "depth ratio (the server reports the larger of the two)."),
        "(neuronwatch_layer_gradient_growth_ratio > "
            + growth
            + ")\n"
            + "or\n"
            + "(neuronwatch_layer_gradient_depth_ratio > "
            + depth
            + ")",
        "critical",
        "Exploding gradient in {{ $labels.run }}/{{ $labels.layer }}",
        "The weight gradient of layer {{ $labels.layer }} in run {{ $labels.run }} is exploding"
            + " (ratio {{ printf \"%.3g\" $value }}: growth since the first sample above "
            + growth
            + ", or depth ratio above "
            + depth
            + ").");
  }

  PrometheusAlert saturatedActivations() {
    String threshold = PromqlLiteral.percent(settings.saturationRatio());
    String kinds = activations(this::saturationApplies);
    return holds.apply(
        SaturatedActivationsRule.NAME,
        List.of(
            "More than "
                + threshold
                + " of a "
                + kinds.replace("|", " or ")
                + " layer's outputs"
                + " sit at their asymptotes.",
            settings.includeSoftmax()
                ? "Softmax layers count, as the settings ask. The deepest layer is left out:"
                : "Softmax is left out, as the server does by default. The deepest layer is too:",
            "an output layer near 0 or 1 is confidence, not pathology."),
        "(neuronwatch_layer_saturation_ratio{activation=~\""
            + kinds
            + "\"} > "
            + PromqlLiteral.number(settings.saturationRatio())
            + ")\n"
            + UNLESS_DEEPEST,
        "warning",
        "Saturated activations in {{ $labels.run }}/{{ $labels.layer }}",
        "{{ $value | humanizePercentage }} of the outputs of layer {{ $labels.layer }}"
            + " ({{ $labels.activation }}) in run {{ $labels.run }} are saturated (threshold "
            + threshold
            + ").");
  }

  private boolean saturationApplies(ActivationKind kind) {
    return kind == ActivationKind.SIGMOID
        || kind == ActivationKind.TANH
        || (kind == ActivationKind.SOFTMAX && settings.includeSoftmax());
  }

  /** The wire names of the activation kinds that match, as a PromQL regex alternation. */
  static String activations(Predicate<ActivationKind> matches) {
    return Arrays.stream(ActivationKind.values())
        .filter(matches)
        .map(ActivationKind::wireName)
        .collect(Collectors.joining("|"));
  }
}
