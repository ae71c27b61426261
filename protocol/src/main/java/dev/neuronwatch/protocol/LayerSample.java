package dev.neuronwatch.protocol;

/**
 * Everything the agent measured of one layer at one sampled step.
 *
 * <p>{@code depth} counts from 0 at the layer nearest the input. {@code deadFraction} is present
 * for the ReLU family only: the fraction of units whose pre-activation was at most 0 for every
 * example of the batch. {@code saturationFraction} is present for sigmoid, tanh and softmax only:
 * the fraction of outputs within epsilon of the activation's bounds (for softmax, of rows whose
 * largest probability exceeds 1 - epsilon). {@code gradient}, {@code weightNorm} and {@code
 * updateRatio} (L2 norm of the last update over L2 norm of the weights) are absent when the caller
 * did not hand the agent gradients or weights.
 *
 * <p>Fields added in protocol version 2, each absent when it does not apply or the agent did not
 * measure it (an older agent): {@code negativeFraction} for leaky ReLU, PReLU and ELU, the fraction
 * of units whose output was below 0 for every example (the "negative regime": such units still pass
 * a gradient, so they are not dead); {@code alpha}, PReLU's learnable slopes; {@code
 * activationGain} for sigmoid, tanh and softmax, the L2 norm of the gradient with respect to the
 * pre-activation over the L2 norm of the gradient with respect to the output, divided by the
 * activation's largest slope (1/4 for sigmoid, 1 for tanh, 1/2 for softmax), so 1 means the
 * activation passes the gradient at its steepest and 0 that it blocks it; {@code weightNonFinite}
 * and {@code updateNonFinite}, the NaN and infinite values in the weights and in the last update.
 * When the weights hold a non-finite value, {@code weightNorm} is absent (never a norm of the
 * finite part).
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
    Double updateRatio,
    Double negativeFraction,
    ParameterRange alpha,
    Double activationGain,
    Long weightNonFinite,
    Long updateNonFinite) {

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
    Checks.fractionOrNull("negativeFraction", negativeFraction);
    Checks.nonNegativeOrNull("activationGain", activationGain);
    if (weightNonFinite != null) {
      Checks.elements("weightNonFinite", weightNonFinite);
    }
    if (updateNonFinite != null) {
      Checks.elements("updateNonFinite", updateNonFinite);
    }
  }

  /** A layer sample without the version-2 fields. */
  public LayerSample(
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
    this(
        name,
        depth,
        activation,
        units,
        output,
        deadFraction,
        saturationFraction,
        gradient,
        weightNorm,
        updateRatio,
        null,
        null,
        null,
        null,
        null);
  }

  /** Non-finite values seen in this layer's outputs and gradients. */
  public long nonFiniteCount() {
    return output.nonFiniteCount() + (gradient == null ? 0 : gradient.nonFiniteCount());
  }

  /** Non-finite values in the weights and the last update (0 when not measured). */
  public long parameterNonFiniteCount() {
    return (weightNonFinite == null ? 0 : weightNonFinite)
        + (updateNonFinite == null ? 0 : updateNonFinite);
  }
}
