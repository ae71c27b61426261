package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.LayerSample;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NeuronwatchDyingRelu: a ReLU-family layer (relu, leaky_relu, prelu, elu) whose dead-unit fraction
 * exceeds {@link RuleSettings#deadUnitRatio()} (default 0.5). A unit is dead when its
 * pre-activation was at most 0 for every example of the batch. Value: the dead fraction.
 *
 * <pre>{@code
 * AlertRule rule = new DyingReluRule(RuleSettings.defaults());
 * }</pre>
 */
public final class DyingReluRule extends LayerRule {
  public static final String NAME = "NeuronwatchDyingRelu";

  public DyingReluRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    LayerSample layer = signals.layer();
    if (!layer.activation().isReluFamily() || layer.deadFraction() == null) {
      return Optional.empty();
    }
    double dead = layer.deadFraction();
    Supplier<String> summary =
        () ->
            Readings.percent(dead)
            + " of the units of "
            + layer.name()
            + " are dead (threshold "
            + Readings.percent(settings.deadUnitRatio())
            + ")";
    return Optional.of(
        new RuleReading(layer.name(), dead > settings.deadUnitRatio(), dead, summary));
  }
}
