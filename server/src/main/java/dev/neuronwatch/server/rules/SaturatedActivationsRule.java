package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import java.util.Optional;

/**
 * NeuronwatchSaturatedActivations: a hidden sigmoid, tanh or softmax layer (softmax while {@link
 * RuleSettings#includeSoftmax()}, default true) whose saturated-output fraction is above {@link
 * RuleSettings#saturationRatio()} (default 0.5) AND whose activation gain, when the agent measures
 * it, is below {@link RuleSettings#activationGain()} (default 0.3): saturation is harm only when
 * the activation stops passing the gradient, so a tanh net that learns with many outputs near ±1
 * stays quiet. It clears when the fraction is below {@link RuleSettings#saturationClearRatio()}
 * (0.4) or the gain is above {@link RuleSettings#activationGainClear()} (0.4). Without a gain (an
 * older agent) the fraction alone decides. The deepest layer of the sample is exempt: an output
 * layer near 0 or 1 is confidence, not pathology. Value: the saturation fraction, threshold its
 * fire threshold.
 *
 * <pre>{@code
 * AlertRule rule = new SaturatedActivationsRule(RuleSettings.defaults());
 * }</pre>
 */
public final class SaturatedActivationsRule extends LayerRule {
  public static final String NAME = "NeuronwatchSaturatedActivations";

  public SaturatedActivationsRule(RuleSettings settings) {
    super(NAME, settings);
  }

  /** Whether layers of {@code kind} are judged under {@code settings}. */
  public static boolean applies(ActivationKind kind, RuleSettings settings) {
    return kind == ActivationKind.SIGMOID
        || kind == ActivationKind.TANH
        || (kind == ActivationKind.SOFTMAX && settings.includeSoftmax());
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    LayerSample layer = signals.layer();
    if (signals.deepest()
        || !applies(layer.activation(), settings)
        || layer.saturationFraction() == null) {
      return Optional.empty();
    }
    double saturated = layer.saturationFraction();
    Double gain = layer.activationGain();
    Verdict verdict =
        Verdict.above(saturated, settings.saturationRatio(), settings.saturationClearRatio());
    if (gain != null) {
      verdict =
          verdict.and(
              Verdict.below(gain, settings.activationGain(), settings.activationGainClear()));
    }
    return Optional.of(
        new RuleReading(
            layer.name(),
            verdict,
            saturated,
            settings.saturationRatio(),
            () ->
                Readings.percent(saturated)
                    + " of the outputs of "
                    + layer.name()
                    + " ("
                    + layer.activation().wireName()
                    + ") are saturated "
                    + Readings.aboveThresholds(
                        Readings.percent(settings.saturationRatio()),
                        Readings.percent(settings.saturationClearRatio()))
                    + (gain == null
                        ? ", activation gain not measured"
                        : ", activation gain "
                            + Readings.number(gain)
                            + " "
                            + Readings.belowThresholds(
                                Readings.number(settings.activationGain()),
                                Readings.number(settings.activationGainClear()))),
            null));
  }
}
