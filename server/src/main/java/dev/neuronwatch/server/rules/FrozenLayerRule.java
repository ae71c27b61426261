package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.GradientSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchFrozenLayer: a layer whose weights stopped changing while the run goes on, the classic
 * "parameter left out of the optimiser" bug. It fires when the layer's update-to-weight ratio is
 * below {@link RuleSettings#frozenUpdateRatio()} (default 1e-8, SageMaker Debugger's threshold; 0
 * included) while another layer of the same sample updates above it, and the layer's gradient has
 * not vanished (its depth ratio, when known, is not below {@link
 * RuleSettings#vanishingDepthRatio()}, and its mean absolute weight gradient is not below {@link
 * RuleSettings#vanishingMeanAbs()}: a layer that gets no gradient, because its units died or the
 * signal vanished, stops updating too, and that is NeuronwatchDyingRelu's or
 * NeuronwatchVanishingGradient's case). It clears when the ratio is above {@link
 * RuleSettings#frozenUpdateClearRatio()} (1e-7), when no other layer updates any more, or when the
 * gradient vanishes. Value: the update ratio.
 *
 * <pre>{@code
 * AlertRule rule = new FrozenLayerRule(RuleSettings.defaults());
 * }</pre>
 */
public final class FrozenLayerRule extends LayerRule {
  public static final String NAME = "NeuronwatchFrozenLayer";

  public FrozenLayerRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  public List<RuleReading> evaluate(SampleSignals sample) {
    List<RuleReading> readings = new ArrayList<>();
    for (LayerSignals layer : sample.layers()) {
      Double ratio = layer.layer().updateRatio();
      if (ratio == null) {
        continue;
      }
      double others = 0;
      for (LayerSignals other : sample.layers()) {
        Double r = other.layer().updateRatio();
        if (other != layer && r != null) {
          others = Math.max(others, r);
        }
      }
      readings.add(reading(layer, ratio, others));
    }
    return readings;
  }

  private RuleReading reading(LayerSignals layer, double ratio, double others) {
    double fire = settings.frozenUpdateRatio();
    double clear = settings.frozenUpdateClearRatio();
    Double depth = layer.depthRatio();
    GradientSummary gradient = layer.layer().gradient();
    // A layer that gets no gradient (dead units, a vanished signal) stops updating too; that is
    // the dying or vanishing rules' case, not a parameter left out of the optimiser.
    boolean vanished =
        (depth != null && depth < settings.vanishingDepthRatio())
            || (layer.gradientUsable() && gradient.weightMeanAbs() < settings.vanishingMeanAbs());
    boolean othersUpdate = others > fire;
    Verdict verdict = vanished || !othersUpdate ? Verdict.CLEAR : Verdict.below(ratio, fire, clear);
    String name = layer.name();
    return new RuleReading(
        name,
        verdict,
        ratio,
        fire,
        () ->
            "update/weight ratio of "
                + name
                + " is "
                + Readings.number(ratio)
                + " "
                + Readings.belowThresholds(Readings.number(fire), Readings.number(clear))
                + " while the other layers update up to "
                + Readings.number(others)
                + (vanished ? " (its gradient has vanished: not judged)" : ""),
        null);
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    return Optional.empty();
  }
}
