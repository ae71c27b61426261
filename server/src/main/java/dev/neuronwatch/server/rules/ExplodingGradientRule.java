package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LayerSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchExplodingGradient: a layer with a usable gradient where either holds:
 *
 * <ol>
 *   <li>over time: its weight-gradient norm is above {@link RuleSettings#explodingGrowthRatio()}
 *       (default 100) times its recent baseline (the median over time of its norms in the 50 steps
 *       before, floored at a tenth of its early scale: see {@link GradientHistory}) and still
 *       growing (not below the previous sample's norm: a transient spike that is already falling
 *       only keeps a firing alert); clears below {@link RuleSettings#explodingGrowthClearRatio()},
 *       10;
 *   <li>across depth: the norm over the deepest layer's in the same sample is above {@link
 *       RuleSettings#explodingDepthRatio()} (default 1e3; clears below 1e2).
 * </ol>
 *
 * <p>A layer whose gradient holds NaN or Inf, or whose weights do, yields an {@link
 * Verdict#ESCALATE} reading: a pending explosion fires at once (the blow-up has happened), a firing
 * one stays firing, and nothing starts (NeuronwatchNonFiniteValues covers a NaN on its own). Value
 * and threshold: of the check that fires, else of the first defined check; for an escalation the
 * number of non-finite values, threshold 0.
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
    LayerSample layer = signals.layer();
    long nonFinite =
        (layer.gradient() == null ? 0 : layer.gradient().nonFiniteCount())
            + (layer.weightNonFinite() == null ? 0 : layer.weightNonFinite());
    if (nonFinite > 0) {
      return Optional.of(
          new RuleReading(
              layer.name(),
              Verdict.ESCALATE,
              nonFinite,
              0,
              () ->
                  "the gradient or weights of "
                      + layer.name()
                      + " hold "
                      + nonFinite
                      + " non-finite values: the explosion has happened",
              null));
    }
    Double growth = signals.growthRatio();
    Double depth = signals.depthRatio();
    if (!signals.gradientUsable() || (growth == null && depth == null)) {
      return Optional.empty();
    }
    Verdict overTime =
        growth == null
            ? Verdict.CLEAR
            : Verdict.above(
                growth, settings.explodingGrowthRatio(), settings.explodingGrowthClearRatio());
    if (overTime == Verdict.FIRE && !signals.growing()) {
      // Above the threshold but smaller than the sample before: a transient spike that is already
      // falling keeps a firing alert, and neither starts nor advances one.
      overTime = Verdict.KEEP;
    }
    Verdict acrossDepth =
        depth == null
            ? Verdict.CLEAR
            : Verdict.above(
                depth, settings.explodingDepthRatio(), settings.explodingDepthClearRatio());
    Verdict verdict = overTime.or(acrossDepth);
    boolean growthDecides =
        growth != null && (overTime == Verdict.FIRE || acrossDepth != Verdict.FIRE);
    double value = growthDecides ? growth : depth;
    double threshold =
        growthDecides ? settings.explodingGrowthRatio() : settings.explodingDepthRatio();
    return Optional.of(
        new RuleReading(
            layer.name(),
            verdict,
            value,
            threshold,
            () -> summary(layer.name(), growth, depth),
            null));
  }

  private String summary(String layer, Double growth, Double depth) {
    List<String> parts = new ArrayList<>(2);
    if (growth != null) {
      parts.add(
          Readings.number(growth)
              + "x its recent baseline "
              + Readings.aboveThresholds(
                  Readings.number(settings.explodingGrowthRatio()) + "x",
                  Readings.number(settings.explodingGrowthClearRatio()) + "x"));
    }
    if (depth != null) {
      parts.add(
          Readings.number(depth)
              + "x the deepest layer's "
              + Readings.aboveThresholds(
                  Readings.number(settings.explodingDepthRatio()) + "x",
                  Readings.number(settings.explodingDepthClearRatio()) + "x"));
    }
    return "weight gradient norm of " + layer + ": " + String.join(", ", parts);
  }
}
