package dev.neuronwatch.agent;

import dev.neuronwatch.agent.stats.DeadUnitTracker;
import dev.neuronwatch.agent.stats.GradientSummarizer;
import dev.neuronwatch.agent.stats.Saturation;
import dev.neuronwatch.agent.stats.StatsAccumulator;
import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.TensorSummary;

/**
 * Turns a layer's arrays into a {@link LayerSample} on the calling thread, reusing its scratch
 * state so that a sampled step allocates only the result records. Not thread-safe.
 */
final class LayerSampler {
  private final double saturationEpsilon;
  private final StatsAccumulator outputStats = new StatsAccumulator();
  private final DeadUnitTracker deadUnits = new DeadUnitTracker();
  private final GradientSummarizer gradients = new GradientSummarizer();

  LayerSampler(double saturationEpsilon) {
    this.saturationEpsilon = saturationEpsilon;
  }

  /**
   * Measures one layer.
   *
   * @throws IllegalArgumentException when the output is missing or an array is shorter than
   *     {@code batch * units}
   */
  LayerSample sample(LayerTensors layer) {
    int batch = layer.batch();
    int units = layer.units();
    int n = batch * units;
    float[] output = requireLength(layer, "output", layer.output(), n);
    float[] outputGradient =
        layer.outputGradient() == null
            ? null
            : requireLength(layer, "outputGradient", layer.outputGradient(), n);
    ActivationKind kind = layer.activation();

    outputStats.reset();
    outputStats.addAll(output, n);
    TensorSummary summary = outputStats.toSummary();
    Double dead =
        kind.isReluFamily() ? deadUnits.deadFraction(layer.name(), output, batch, units) : null;
    Double saturated =
        kind.isSaturating()
            ? Saturation.fraction(kind, output, batch, units, saturationEpsilon)
            : null;
    GradientSummary gradient =
        gradients.summarize(layer.weightGradient(), layer.biasGradient(), outputGradient, n);
    Double weightNorm = gradients.l2Norm(layer.weights());
    Double updateRatio =
        weightNorm == null ? null : gradients.updateRatio(layer.lastUpdate(), weightNorm);
    return new LayerSample(
        layer.name(),
        layer.depth(),
        kind,
        units,
        summary,
        dead,
        saturated,
        gradient,
        weightNorm,
        updateRatio);
  }

  private static float[] requireLength(LayerTensors layer, String field, float[] values, int n) {
    if (values == null) {
      throw new IllegalArgumentException(layer.name() + ": " + field + " is required");
    }
    if (values.length < n) {
      throw new IllegalArgumentException(
          layer.name()
              + ": "
              + field
              + " holds "
              + values.length
              + " values, batch x units = "
              + layer.batch()
              + " x "
              + layer.units()
              + " needs "
              + n);
    }
    return values;
  }
}
