package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Multi-class cross-entropy of {@code softmax(z / T)} against one-hot (or any non-negative)
 * targets, averaged over rows. The log-probabilities come from log-sum-exp with the row maximum
 * subtracted, and the gradient is {@code (p_j * sum(t) - t_j) / (T * rows)}.
 *
 * <pre>{@code
 * Loss ce = new SoftmaxCrossEntropy(1.0);
 * }</pre>
 */
public final class SoftmaxCrossEntropy implements Loss {
  private final double temperature;

  /**
   * @param temperature the softmax temperature T of the output layer, positive
   */
  public SoftmaxCrossEntropy(double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be positive and finite, was " + temperature);
    }
    this.temperature = temperature;
  }

  @Override
  public ActivationKind outputActivation() {
    return ActivationKind.SOFTMAX;
  }

  @Override
  public double compute(
      float[] logits, float[] targets, int rows, int cols, float[] logitGradient) {
    double invT = 1 / temperature;
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      double max = logits[row];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp((logits[row + j] - max) * invT);
      }
      double logSum = Math.log(sum);
      double targetMass = 0;
      for (int j = 0; j < cols; j++) {
        double logP = (logits[row + j] - max) * invT - logSum;
        total -= targets[row + j] * logP;
        targetMass += targets[row + j];
      }
      if (logitGradient != null) {
        double scale = invT / rows;
        for (int j = 0; j < cols; j++) {
          double p = Math.exp((logits[row + j] - max) * invT - logSum);
          logitGradient[row + j] = (float) ((p * targetMass - targets[row + j]) * scale);
        }
      }
    }
    return total / rows;
  }
}
