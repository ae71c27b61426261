package dev.neuronwatch.server.metrics;

import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.rules.LayerSignals;
import java.util.function.Function;

/**
 * The per-layer gauges (labels activation, layer, run) and how each reads a sample. A reading of
 * null means the sample has no such value, and the series is removed until one arrives: the output
 * statistics when no output element was finite, the dead-unit ratio outside the ReLU family, the
 * version-2 fields (negative-regime fraction, PReLU slopes, activation gain) when not sent, the
 * saturation ratio outside sigmoid, tanh and softmax, the gradient values without a gradient (NaN
 * when it holds NaN or Inf), the ratios when undefined (see {@link LayerSignals}).
 */
enum LayerGauge {
  ACTIVATION_MEAN(
      "neuronwatch.layer.activation.mean",
      "Mean of the layer's finite outputs over the sampled batch",
      s -> output(s, TensorSummary::mean)),
  ACTIVATION_STDDEV(
      "neuronwatch.layer.activation.stddev",
      "Population standard deviation of the layer's finite outputs",
      s -> output(s, TensorSummary::stddev)),
  ACTIVATION_MIN(
      "neuronwatch.layer.activation.min",
      "Smallest finite output of the layer",
      s -> output(s, TensorSummary::min)),
  ACTIVATION_MAX(
      "neuronwatch.layer.activation.max",
      "Largest finite output of the layer",
      s -> output(s, TensorSummary::max)),
  ZERO_RATIO(
      "neuronwatch.layer.zero.ratio",
      "Fraction of the layer's finite outputs that are exactly zero",
      s -> output(s, TensorSummary::zeroFraction)),
  DEAD_UNITS_RATIO(
      "neuronwatch.layer.dead.units.ratio",
      "Fraction of units inactive for the whole batch (ReLU family only)",
      s -> s.layer().deadFraction()),
  NEGATIVE_UNITS_RATIO(
      "neuronwatch.layer.negative.units.ratio",
      "Fraction of units whose output was below 0 for the whole batch (leaky ReLU, PReLU, ELU;"
          + " informative: such units still pass a gradient)",
      s -> s.layer().negativeFraction()),
  PRELU_ALPHA_MEAN(
      "neuronwatch.layer.prelu.alpha.mean",
      "Mean of the layer's learnable PReLU slopes",
      s -> s.layer().alpha() == null ? null : s.layer().alpha().mean()),
  PRELU_ALPHA_MIN(
      "neuronwatch.layer.prelu.alpha.min",
      "Smallest of the layer's learnable PReLU slopes",
      s -> s.layer().alpha() == null ? null : s.layer().alpha().min()),
  SATURATION_RATIO(
      "neuronwatch.layer.saturation.ratio",
      "Fraction of outputs at the activation's bounds (sigmoid, tanh, softmax only)",
      s -> s.layer().saturationFraction()),
  ACTIVATION_GAIN(
      "neuronwatch.layer.activation.gain",
      "How much gradient the activation passes, 1 at its steepest, 0 blocked (sigmoid, tanh,"
          + " softmax)",
      s -> s.layer().activationGain()),
  DEPTH(
      "neuronwatch.layer.depth",
      "The layer's depth, 0 nearest the input; the deepest layer of a run is its output layer",
      s -> (double) s.layer().depth()),
  GRADIENT_WEIGHT_NORM(
      "neuronwatch.layer.gradient.weight.norm",
      "L2 norm of the loss gradient with respect to the layer's weights",
      s -> gradient(s, GradientSummary::weightNorm)),
  GRADIENT_BIAS_NORM(
      "neuronwatch.layer.gradient.bias.norm",
      "L2 norm of the loss gradient with respect to the layer's bias",
      s -> gradient(s, GradientSummary::biasNorm)),
  GRADIENT_OUTPUT_NORM(
      "neuronwatch.layer.gradient.output.norm",
      "L2 norm of the loss gradient with respect to the layer's output",
      s -> gradient(s, GradientSummary::outputNorm)),
  GRADIENT_WEIGHT_MEAN_ABS(
      "neuronwatch.layer.gradient.weight.mean.abs",
      "Mean absolute value of the weight gradient",
      s -> gradient(s, GradientSummary::weightMeanAbs)),
  GRADIENT_DEPTH_RATIO(
      "neuronwatch.layer.gradient.depth.ratio",
      "Weight-gradient norm over the deepest layer's in the same sample",
      LayerSignals::depthRatio),
  GRADIENT_GROWTH_RATIO(
      "neuronwatch.layer.gradient.growth.ratio",
      "Weight-gradient norm over the median of the layer's recent norms",
      LayerSignals::growthRatio),
  GRADIENT_DECAY_RATIO(
      "neuronwatch.layer.gradient.decay.ratio",
      "Weight-gradient norm over the layer's largest in the run",
      LayerSignals::decayRatio),
  WEIGHT_NORM(
      "neuronwatch.layer.weight.norm",
      "L2 norm of the layer's weights; NaN when they hold NaN or infinite values",
      LayerGauge::weightNorm),
  UPDATE_RATIO(
      "neuronwatch.layer.update.ratio",
      "L2 norm of the last weight update over the L2 norm of the weights",
      s -> s.layer().updateRatio());

  private final String prometheusName;
  private final String description;
  private final Function<LayerSignals, Double> reading;

  LayerGauge(String dottedName, String description, Function<LayerSignals, Double> reading) {
    this.prometheusName = dottedName.replace('.', '_');
    this.description = description;
    this.reading = reading;
  }

  /** The family name on {@code /metrics}: the dotted name with underscores. */
  String prometheusName() {
    return prometheusName;
  }

  String description() {
    return description;
  }

  Double read(LayerSignals signals) {
    return reading.apply(signals);
  }

  private static Double output(LayerSignals signals, Function<TensorSummary, Double> statistic) {
    TensorSummary output = signals.layer().output();
    // With no finite element the agent reports zeros, which are not measurements.
    return output.count() == 0 ? null : statistic.apply(output);
  }

  /** NaN, never a norm of the finite part or 0, when the weights hold non-finite values. */
  private static Double weightNorm(LayerSignals signals) {
    LayerSample layer = signals.layer();
    Long nonFinite = layer.weightNonFinite();
    if (nonFinite != null && nonFinite > 0) {
      return Double.NaN;
    }
    return layer.weightNorm();
  }

  private static Double gradient(
      LayerSignals signals, Function<GradientSummary, Double> statistic) {
    LayerSample layer = signals.layer();
    if (layer.gradient() == null) {
      return null;
    }
    // Statistics of the finite part of a gradient holding NaN or Inf would read as a real size.
    if (layer.gradient().nonFiniteCount() > 0) {
      return Double.NaN;
    }
    return statistic.apply(layer.gradient());
  }
}
