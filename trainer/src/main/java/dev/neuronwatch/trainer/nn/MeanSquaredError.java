package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Mean squared error of a linear output, averaged over all {@code rows x cols} elements; the
 * gradient is {@code 2 (z - t) / (rows * cols)}.
 *
 * <pre>{@code
 * Loss mse = new MeanSquaredError();
 * }</pre>
 */
public final class MeanSquaredError implements Loss {

  @Override
  public ActivationKind outputActivation() {
    return ActivationKind.LINEAR;
  }

  @Override
  public double compute(
      float[] logits, float[] targets, int rows, int cols, float[] logitGradient) {
    int n = rows * cols;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double error = (double) logits[i] - targets[i];
      total += error * error;
      if (logitGradient != null) {
        logitGradient[i] = (float) (2 * error / n);
      }
    }
    return total / n;
  }
}
