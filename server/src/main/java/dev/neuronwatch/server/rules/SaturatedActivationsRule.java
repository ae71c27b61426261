package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.LayerSample;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NeuronwatchSaturatedActivations: a sigmoid or tanh layer (softmax too when {@link
 * RuleSettings#includeSoftmax()}, default false) whose saturated-output fraction exceeds {@link
 * RuleSettings#saturationRatio()} (default 0.5). The deepest layer of the sample is exempt: an
 * output layer near 0 or 1 is confidence, not pathology. Value: the saturation fraction.
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

  private boolean applies(ActivationKind kind) {
    return kind == ActivationKind.SIGMOID
        || kind == ActivationKind.TANH
        || (kind == ActivationKind.SOFTMAX && settings.includeSoftmax());
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    LayerSample layer = signals.layer();
    if (signals.deepest() || !applies(layer.activation()) || layer.saturationFraction() == null) {
      return Optional.empty();
    }
    double saturated = layer.saturationFraction();
    Supplier<String> summary =
        () ->
            Readings.percent(saturated)
            + " of the outputs of "
            + layer.name()
            + " ("
            + layer.activation().wireName()
            + ") are saturated (threshold "
            + Readings.percent(settings.saturationRatio())
            + ")";
    return Optional.of(
        new RuleReading(layer.name(), saturated > settings.saturationRatio(), saturated, summary));
  }
}
