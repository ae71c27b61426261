package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * NeuronwatchNonFiniteValues: NaN or infinite values in a layer's outputs, gradients, weights or
 * last update (value: their number, threshold 0), or, as the run-level alert with layer {@code ""},
 * a non-finite loss (value 1). It fires after {@link RuleSettings#nonFiniteHold()} samples (default
 * 1: a NaN is never noise) and resolves after {@link RuleSettings#resolveHold()} clean samples.
 * Every such alert carries the run's {@code origin}: where the non-finite values first appeared, in
 * causal order ({@link NonFiniteOrigins}), kept for the rest of the run.
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
    NonFiniteOrigin origin = sample.origin();
    List<RuleReading> readings = Readings.perLayer(sample, layer -> read(layer, origin));
    boolean lossNonFinite = sample.sample().lossNonFinite();
    String run = sample.run();
    readings.add(
        new RuleReading(
            RUN_LEVEL,
            lossNonFinite ? Verdict.FIRE : Verdict.CLEAR,
            lossNonFinite ? 1 : 0,
            0,
            () ->
                "the loss of run "
                    + run
                    + (lossNonFinite ? " is not finite" : " is finite")
                    + started(origin),
            origin));
    return readings;
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    return read(signals, null);
  }

  private Optional<RuleReading> read(LayerSignals signals, NonFiniteOrigin origin) {
    LayerSample layer = signals.layer();
    long weights = layer.weightNonFinite() == null ? 0 : layer.weightNonFinite();
    long update = layer.updateNonFinite() == null ? 0 : layer.updateNonFinite();
    long count = layer.nonFiniteCount() + weights + update;
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
                    ? ""
                    : "; gradient: "
                        + gradient.nanCount()
                        + " NaN, "
                        + gradient.infCount()
                        + " Inf")
                + "; weights: "
                + weights
                + "; update: "
                + update
                + ")"
                + started(origin);
    return Optional.of(
        new RuleReading(
            layer.name(), count > 0 ? Verdict.FIRE : Verdict.CLEAR, count, 0, summary, origin));
  }

  private static String started(NonFiniteOrigin origin) {
    if (origin == null) {
      return "";
    }
    String where =
        origin.layer().isEmpty() ? "the loss" : origin.tensor() + " of " + origin.layer();
    return "; first non-finite: " + where + " at step " + origin.step();
  }
}
