package dev.neuronwatch.server.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchExplodingGradient: a layer with a gradient where either holds:
 *
 * <ol>
 *   <li>over time: its weight-gradient norm exceeds {@link RuleSettings#explodingGrowthRatio()}
 *       (default 100) times the norm of the layer's first sample with a gradient in the run (only
 *       when that first norm is &gt; 0);
 *   <li>across depth: the norm over the deepest layer's norm in the same sample exceeds {@link
 *       RuleSettings#explodingDepthRatio()} (default 1e3).
 * </ol>
 *
 * <p>Value: the larger of the two ratios that are defined. A layer with neither ratio defined
 * yields no reading.
 *
 * <pre>{@code
 * AlertRule rule = new ExplodingGradientRule(RuleSettings.defaults());
 * }</pre>
 */
public final class ExplodingGradientRule extends LayerRule {
  public static final String NAME = "NeuronwatchExplodingGradient";

  public ExplodingGradientRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    Double growth = signals.growthRatio();
    Double depth = signals.depthRatio();
    if (!signals.gradientUsable() || (growth == null && depth == null)) {
      return Optional.empty();
    }
    boolean overTime = growth != null && growth > settings.explodingGrowthRatio();
    boolean acrossDepth = depth != null && depth > settings.explodingDepthRatio();
    double value = Math.max(growth == null ? 0 : growth, depth == null ? 0 : depth);
    return Optional.of(
        new RuleReading(
            signals.name(),
            overTime || acrossDepth,
            value,
            summary(signals.name(), growth, depth)));
  }

  private String summary(String layer, Double growth, Double depth) {
    List<String> parts = new ArrayList<>(2);
    if (growth != null) {
      parts.add(
          Readings.number(growth)
              + "x its first norm (threshold "
              + Readings.number(settings.explodingGrowthRatio())
              + "x)");
    }
    if (depth != null) {
      parts.add(
          Readings.number(depth)
              + "x the deepest layer's (threshold "
              + Readings.number(settings.explodingDepthRatio())
              + "x)");
    }
    return "weight gradient of " + layer + ": " + String.join(", ", parts);
  }
}
