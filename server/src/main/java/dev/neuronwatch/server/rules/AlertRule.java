package dev.neuronwatch.server.rules;

import java.util.List;

/**
 * A condition on training health, read on every applied sample for each layer it applies to (or for
 * the run as a whole, layer {@code ""}).
 *
 * <p>A rule only judges one sample; the {@link RuleEvaluator} turns its readings into alerts with
 * hold. A layer the rule does not apply to in a sample (wrong activation, no gradient, the deepest
 * layer) yields no reading, which leaves that layer's alert as it is.
 *
 * <pre>{@code
 * List<AlertRule> rules = AlertRule.all(RuleSettings.defaults());
 * List<RuleReading> readings = rules.get(0).evaluate(signals);
 * }</pre>
 */
public sealed interface AlertRule permits LayerRule {

  /** The alert name, as in {@code alertname} labels and the API. */
  String name();

  /** Consecutive holding samples that take an alert from pending to firing. */
  int fireAfter();

  /** Consecutive samples beyond the clear threshold that resolve a firing alert. */
  int resolveAfter();

  /**
   * Steps that those samples must also span, from the first of them to the one that resolves (0:
   * none beyond the sample count).
   */
  default long resolveAfterSteps() {
    return 0;
  }

  /** This rule's readings of one sample, at most one per layer (plus one for the run). */
  List<RuleReading> evaluate(SampleSignals sample);

  /** Every rule with the given thresholds. */
  static List<AlertRule> all(RuleSettings settings) {
    return List.of(
        new DyingReluRule(settings),
        new VanishingGradientRule(settings),
        new ExplodingGradientRule(settings),
        new SaturatedActivationsRule(settings),
        new NonFiniteValuesRule(settings),
        new LossSpikeRule(settings),
        new FrozenLayerRule(settings));
  }
}
