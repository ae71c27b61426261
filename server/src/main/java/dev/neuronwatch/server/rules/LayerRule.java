package dev.neuronwatch.server.rules;

import java.util.List;
import java.util.Optional;

/**
 * The common shape of the built-in rules: a name, the hold from {@link RuleSettings}, and a reading
 * per layer that the rule applies to.
 *
 * <pre>{@code
 * final class MyRule extends LayerRule {
 *   MyRule(RuleSettings settings) { super("MyAlert", settings); }
 *   Optional<RuleReading> read(LayerSignals layer) { ... }
 * }
 * }</pre>
 */
public abstract sealed class LayerRule implements AlertRule
    permits DyingReluRule,
        VanishingGradientRule,
        ExplodingGradientRule,
        SaturatedActivationsRule,
        NonFiniteValuesRule,
        LossSpikeRule,
        FrozenLayerRule {
  private final String name;

  /** The thresholds this rule reads. */
  protected final RuleSettings settings;

  LayerRule(String name, RuleSettings settings) {
    this.name = name;
    this.settings = settings;
  }

  @Override
  public final String name() {
    return name;
  }

  /** {@link RuleSettings#hold()} unless the rule says otherwise. */
  @Override
  public int fireAfter() {
    return settings.hold();
  }

  /** {@link RuleSettings#resolveHold()}, for every rule. */
  @Override
  public final int resolveAfter() {
    return settings.resolveHold();
  }

  @Override
  public List<RuleReading> evaluate(SampleSignals sample) {
    return Readings.perLayer(sample, this::read);
  }

  /** The reading of one layer, or empty when the rule does not apply to it in this sample. */
  abstract Optional<RuleReading> read(LayerSignals signals);
}
