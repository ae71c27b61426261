package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NeuronwatchDyingRelu: a ReLU layer whose dead-unit fraction (units whose output was exactly 0 for
 * every example of the batch, so no gradient flows through them) is above {@link
 * RuleSettings#deadUnitRatio()} (default 0.5); it clears below {@link
 * RuleSettings#deadUnitClearRatio()} (default 0.4). Leaky ReLU, PReLU and ELU units always pass a
 * gradient and are never dead: their negative-regime fraction is exported as a metric, not judged.
 * Value: the dead fraction.
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
    if (layer.activation() != ActivationKind.RELU || layer.deadFraction() == null) {
      return Optional.empty();
    }
    double dead = layer.deadFraction();
    double fire = settings.deadUnitRatio();
    Supplier<String> summary =
        () ->
            Readings.percent(dead)
                + " of the units of "
                + layer.name()
                + " are dead "
                + Readings.aboveThresholds(
                    Readings.percent(fire), Readings.percent(settings.deadUnitClearRatio()));
    return Optional.of(
        new RuleReading(
            layer.name(),
            Verdict.above(dead, fire, settings.deadUnitClearRatio()),
            dead,
            fire,
            summary,
            null));
  }
}
