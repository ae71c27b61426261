package dev.neuronwatch.agent;

import dev.neuronwatch.agent.stats.ActivationGain;
import dev.neuronwatch.agent.stats.DeadUnitTracker;
import dev.neuronwatch.agent.stats.GradientSummarizer;
import dev.neuronwatch.agent.stats.NormAccumulator;
import dev.neuronwatch.agent.stats.Saturation;
import dev.neuronwatch.agent.stats.StatsAccumulator;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.ParameterRange;
import dev.neuronwatch.protocol.TensorSummary;

/**
 * Turns a layer's arrays into a {@link LayerSample} on the calling thread, reusing its scratch
 * state so that a sampled step allocates only the result records. Not thread-safe.
 *
 * <p>What applies to the layer's activation is measured: dead units for ReLU, the negative regime
 * for leaky ReLU, PReLU and ELU, saturation and (given the output gradient) the activation's gain
 * for sigmoid, tanh and softmax, the slopes of a PReLU. Weights and the last update are counted for
 * non-finite values; when the weights hold one, neither their norm nor the update ratio is reported
 * (a norm of the finite part would look healthy), and likewise the update ratio when the update
 * holds one.
 */
final class LayerSampler {
  private final double saturationEpsilon;
  private final StatsAccumulator outputStats = new StatsAccumulator();
  private final DeadUnitTracker deadUnits = new DeadUnitTracker();
  private final GradientSummarizer gradients = new GradientSummarizer();
  private final NormAccumulator weightNorm = new NormAccumulator();
  private final NormAccumulator gradientNorm = new NormAccumulator();
  private final NormAccumulator updateNorm = new NormAccumulator();

  LayerSampler(double saturationEpsilon) {
    this.saturationEpsilon = saturationEpsilon;
  }

  /**
   * Measures one layer.
   *
   * @throws IllegalArgumentException when the output is missing or an array is shorter than {@code
   *     batch * units} (PReLU slopes: than {@code units}, unless a single shared slope)
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
        kind == ActivationKind.RELU
            ? deadUnits.deadFraction(layer.name(), output, batch, units)
            : null;
    Double negative =
        kind.isReluFamily() && kind != ActivationKind.RELU
            ? deadUnits.negativeFraction(layer.name(), output, batch, units)
            : null;
    Double saturated = null;
    Double gain = null;
    if (kind.isSaturating()) {
      saturated = Saturation.fraction(kind, output, batch, units, saturationEpsilon);
      if (outputGradient != null) {
        double g = ActivationGain.of(kind, output, outputGradient, batch, units);
        gain = Double.isNaN(g) ? null : g;
      }
    }
    ParameterRange alpha = kind == ActivationKind.PRELU ? alphaRange(layer, units) : null;
    measureParameters(layer.weights(), layer.weightGradient(), layer.lastUpdate());
    GradientSummary gradient =
        gradients.summarizeAccumulated(
            layer.weightGradient() == null ? null : gradientNorm,
            layer.biasGradient(),
            outputGradient,
            n);

    Long weightNonFinite = nonFinite(weightNorm, layer.weights());
    Long updateNonFinite = nonFinite(updateNorm, layer.lastUpdate());
    Double weights = weightNonFinite == null || weightNonFinite > 0 ? null : weightNorm.l2Norm();
    Double updateRatio =
        weights == null || weights == 0 || updateNonFinite == null || updateNonFinite > 0
            ? null
            : updateNorm.l2Norm() / weights;
    return new LayerSample(
        layer.name(),
        layer.depth(),
        kind,
        units,
        summary,
        dead,
        saturated,
        gradient,
        weights,
        updateRatio,
        negative,
        alpha,
        gain,
        weightNonFinite,
        updateNonFinite);
  }

  /**
   * The norms of the weights, their gradient and their last update, in one pass over the three when
   * they have the same length (as they do for every layer of a usual network).
   */
  private void measureParameters(float[] weights, float[] gradient, float[] update) {
    weightNorm.reset();
    gradientNorm.reset();
    updateNorm.reset();
    int length = weights != null ? weights.length : gradient != null ? gradient.length : 0;
    if (hasLength(weights, length) && hasLength(gradient, length) && hasLength(update, length)) {
      NormAccumulator.addAll(
          weightNorm, weights, gradientNorm, gradient, updateNorm, update, length);
      return;
    }
    if (weights != null) {
      weightNorm.addAll(weights, weights.length);
    }
    if (gradient != null) {
      gradientNorm.addAll(gradient, gradient.length);
    }
    if (update != null) {
      updateNorm.addAll(update, update.length);
    }
  }

  private static boolean hasLength(float[] values, int length) {
    return values == null || values.length == length;
  }

  /** The non-finite count accumulated in {@code norm}, or null when its array is absent. */
  private static Long nonFinite(NormAccumulator norm, float[] values) {
    return values == null ? null : norm.nanCount() + norm.infCount();
  }

  /** Mean and minimum of the PReLU slopes; null when absent or when one is not finite. */
  private static ParameterRange alphaRange(LayerTensors layer, int units) {
    float[] alpha = layer.alpha();
    if (alpha == null) {
      return null;
    }
    if (alpha.length != 1 && alpha.length < units) {
      throw new IllegalArgumentException(
          layer.name()
              + ": alpha holds "
              + alpha.length
              + " values, needs 1 (a shared slope) or units = "
              + units);
    }
    int count = alpha.length == 1 ? 1 : units;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double a = alpha[i];
      sum += a;
      min = Math.min(min, a);
    }
    if (!Double.isFinite(sum)) {
      return null;
    }
    // Rounding of the sum may put the mean of equal slopes a hair below their minimum.
    return new ParameterRange(Math.max(sum / count, min), min);
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
