package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.TensorSummary;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NeuronwatchNonFiniteValues: NaN or infinite values in a layer's outputs or gradients (value:
 * their number), or, as the run-level alert with layer {@code ""}, a non-finite loss (value 1). It
 * fires after {@link RuleSettings#nonFiniteHold()} samples (default 1: a NaN is never noise) and
 * resolves after {@link RuleSettings#hold()} clean samples like every rule.
 *
 * <pre>{@code
 * AlertRule rule = new NonFiniteValuesRule(RuleSettings.defaults());
 * }</pre>
 */
public final class NonFiniteValuesRule extends LayerRule {
  public static final String NAME = "NeuronwatchNonFiniteValues";

  /** The layer label of the run-level alert. */
  public static final String RUN_LEVEL = "";

  public NonFiniteValuesRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  public int fireAfter() {
    return settings.nonFiniteHold();
  }

  @Override
  public List<RuleReading> evaluate(SampleSignals sample) {
    List<RuleReading> readings = super.evaluate(sample);
    boolean lossNonFinite = sample.sample().lossNonFinite();
    readings.add(
        new RuleReading(
            RUN_LEVEL,
            lossNonFinite,
            lossNonFinite ? 1 : 0,
            "the loss of run " + sample.run() + (lossNonFinite ? " is not finite" : " is finite")));
    return readings;
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    LayerSample layer = signals.layer();
    long count = layer.nonFiniteCount();
    TensorSummary output = layer.output();
    GradientSummary gradient = layer.gradient();
    Supplier<String> summary =
        () ->
        layer.name()
            + " has "
            + count
            + " non-finite values (output: "
            + output.nanCount()
            + " NaN, "
            + output.infCount()
            + " Inf"
            + (gradient == null
                ? ")"
                : "; gradient: " + gradient.nanCount() + " NaN, " + gradient.infCount() + " Inf)");
    return Optional.of(new RuleReading(layer.name(), count > 0, count, summary));
  }
}
