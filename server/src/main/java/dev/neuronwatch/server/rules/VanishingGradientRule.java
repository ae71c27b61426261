package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.GradientSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchVanishingGradient: a layer with a gradient that is not the deepest of the sample,
 * where any of these holds:
 *
 * <ol>
 *   <li>across depth: its weight-gradient norm over the deepest layer's (which must be &gt; 0) is
 *       below {@link RuleSettings#vanishingDepthRatio()} (default 1e-3);
 *   <li>absolutely: the mean absolute weight gradient is below {@link
 *       RuleSettings#vanishingMeanAbs()} (default 1e-7, SageMaker Debugger's threshold);
 *   <li>over time: the norm is below {@link RuleSettings#vanishingDecayRatio()} (default 1e-4)
 *       times the largest norm the layer had in the run.
 * </ol>
 *
 * <p>A layer whose gradient holds NaN or Inf is not judged (its alert stays as it is): the norms
 * of its finite part would read as a vanished gradient. Value: the depth ratio; the mean absolute gradient when only (2) holds; when the depth ratio
 * is undefined, the decay ratio, else the mean absolute gradient.
 *
 * <pre>{@code
 * AlertRule rule = new VanishingGradientRule(RuleSettings.defaults());
 * }</pre>
 */
public final class VanishingGradientRule extends LayerRule {
  public static final String NAME = "NeuronwatchVanishingGradient";

  public VanishingGradientRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    GradientSummary gradient = signals.layer().gradient();
    if (!signals.gradientUsable() || signals.deepest()) {
      return Optional.empty();
    }
    Double depth = signals.depthRatio();
    Double decay = signals.decayRatio();
    double meanAbs = gradient.weightMeanAbs();
    boolean acrossDepth = depth != null && depth < settings.vanishingDepthRatio();
    boolean absolute = meanAbs < settings.vanishingMeanAbs();
    boolean overTime = decay != null && decay < settings.vanishingDecayRatio();
    double value;
    if (absolute && !acrossDepth && !overTime) {
      value = meanAbs;
    } else if (depth != null) {
      value = depth;
    } else {
      value = decay != null ? decay : meanAbs;
    }
    return Optional.of(
        new RuleReading(
            signals.name(),
            acrossDepth || absolute || overTime,
            value,
            summary(signals.name(), depth, meanAbs, decay)));
  }

  private String summary(String layer, Double depth, double meanAbs, Double decay) {
    List<String> parts = new ArrayList<>(3);
    if (depth != null) {
      parts.add(
          Readings.number(depth)
              + " of the deepest layer's (threshold "
              + Readings.number(settings.vanishingDepthRatio())
              + ")");
    }
    parts.add(
        "mean |g| "
            + Readings.number(meanAbs)
            + " (threshold "
            + Readings.number(settings.vanishingMeanAbs())
            + ")");
    if (decay != null) {
      parts.add(
          Readings.number(decay)
              + " of its peak (threshold "
              + Readings.number(settings.vanishingDecayRatio())
              + ")");
    }
    return "weight gradient of " + layer + ": " + String.join(", ", parts);
  }
}
