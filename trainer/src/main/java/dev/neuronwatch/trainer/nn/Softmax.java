package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * {@code softmax(z / T)} over each row, with the row maximum subtracted before exponentiating so
 * that no exponent is positive. The backward pass is the Jacobian-vector product {@code dz_j = a_j
 * (da_j - sum_k a_k da_k) / T}; as an output layer it is normally fused with the cross-entropy loss
 * instead (see {@link SoftmaxCrossEntropy}).
 *
 * <pre>{@code
 * Activation softmax = new Softmax(1.0);
 * }</pre>
 */
public final class Softmax implements Activation {
  private final double temperature;

  /**
   * @param temperature T, which must be positive: above 1 it flattens the distribution, below 1 it
   *     sharpens it
   */
  public Softmax(double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be positive and finite, was " + temperature);
    }
    this.temperature = temperature;
  }

  public double temperature() {
    return temperature;
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.SOFTMAX;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int cols) {
    double invT = 1 / temperature;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      float max = z[row];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, z[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.exp((z[row + j] - max) * invT);
      }
      for (int j = 0; j < cols; j++) {
        a[row + j] = (float) (Math.exp((z[row + j] - max) * invT) / sum);
      }
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols) {
    double invT = 1 / temperature;
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += (double) a[row + j] * dA[row + j];
      }
      for (int j = 0; j < cols; j++) {
        dZ[row + j] = (float) (a[row + j] * (dA[row + j] - dot) * invT);
      }
    }
  }
}
