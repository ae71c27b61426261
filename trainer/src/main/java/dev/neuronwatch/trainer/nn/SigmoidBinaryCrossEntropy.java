package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Binary cross-entropy of {@code sigmoid(z)} against targets in [0, 1], one independent label per
 * output (binary or multi-label), averaged over all {@code rows x cols} elements. Computed from
 * logits as {@code max(z, 0) - z t + log(1 + e^-|z|)}, which never overflows; the gradient is
 * {@code (sigmoid(z) - t) / (rows * cols)}.
 *
 * <pre>{@code
 * Loss bce = new SigmoidBinaryCrossEntropy();
 * }</pre>
 */
public final class SigmoidBinaryCrossEntropy implements Loss {

  @Override
  public ActivationKind outputActivation() {
    return ActivationKind.SIGMOID;
  }

  @Override
  public double compute(
      float[] logits, float[] targets, int rows, int cols, float[] logitGradient) {
    int n = rows * cols;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double z = logits[i];
      double t = targets[i];
      total += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
      if (logitGradient != null) {
        logitGradient[i] = (float) ((Sigmoid.logistic(z) - t) / n);
      }
    }
    return total / n;
  }
}
