package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The rectifier {@code max(0, z)}; the slope at exactly 0 is taken as 0, so a unit whose
 * pre-activation is never positive receives no gradient at all: it is dead.
 *
 * <pre>{@code
 * Activation relu = new Relu();
 * }</pre>
 */
public final class Relu extends ScalarActivation {

  @Override
  public ActivationKind kind() {
    return ActivationKind.RELU;
  }

  @Override
  public double value(double z) {
    return z > 0 ? z : 0;
  }

  @Override
  public double derivative(double z, double y) {
    return z > 0 ? 1 : 0;
  }

  // The two loops below run on every step of the default network, so they skip the double
  // round trip of the generic ones; results are the same bits.
  @Override
  public void forward(float[] z, float[] a, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      float v = z[i];
      a[i] = v > 0 ? v : 0f;
    }
  }

  @Override
  public void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols) {
    int n = rows * cols;
    for (int i = 0; i < n; i++) {
      dZ[i] = z[i] > 0 ? dA[i] : 0f;
    }
  }
}
