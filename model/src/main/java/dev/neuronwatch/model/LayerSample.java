package dev.neuronwatch.model;

/**
 * Everything the agent measured of one layer at one sampled step.
 *
 * <p>{@code depth} counts from 0 at the layer nearest the input. {@code deadFraction} is present
 * for the ReLU family only: the fraction of units whose pre-activation was at most 0 for every
 * example of the batch. {@code saturationFraction} is present for sigmoid, tanh and softmax only:
 * the fraction of outputs within epsilon of the activation's bounds (for softmax, of rows whose
 * largest probability exceeds 1 - epsilon). {@code gradient}, {@code weightNorm} and {@code
 * updateRatio} (L2 norm of the last update over L2 norm of the weights) are absent when the
 * caller did not hand the agent gradients or weights.
 *
 * <pre>{@code
 * LayerSample layer = new LayerSample("dense_0", 0, ActivationKind.RELU, 64,
 *     output, 0.12, null, gradient, 8.1, 1e-3);
 * }</pre>
 */
public record LayerSample(
    String name,
    int depth,
    ActivationKind activation,
    int units,
    TensorSummary output,
    Double deadFraction,
    Double saturationFraction,
    GradientSummary gradient,
    Double weightNorm,
    Double updateRatio) {

  public LayerSample {
    Checks.name("name", name);
    if (depth < 0) {
      throw new InvalidFieldException("depth", "must not be negative, was " + depth);
    }
    Checks.required("activation", activation);
    if (units <= 0) {
      throw new InvalidFieldException("units", "must be positive, was " + units);
    }
    Checks.required("output", output);
    Checks.fractionOrNull("deadFraction", deadFraction);
    Checks.fractionOrNull("saturationFraction", saturationFraction);
    Checks.nonNegativeOrNull("weightNorm", weightNorm);
    Checks.nonNegativeOrNull("updateRatio", updateRatio);
  }

  /** Non-finite values seen in this layer's outputs and gradients. */
  public long nonFiniteCount() {
    return output.nonFiniteCount() + (gradient == null ? 0 : gradient.nonFiniteCount());
  }
}
