package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The identity, {@code f(z) = z}: regression outputs and deep linear stacks.
 *
 * <pre>{@code
 * Activation identity = new Linear();
 * }</pre>
 */
public final class Linear extends ScalarActivation {

  @Override
  public ActivationKind kind() {
    return ActivationKind.LINEAR;
  }

  @Override
  public double value(double z) {
    return z;
  }

  @Override
  public double derivative(double z, double y) {
    return 1;
  }

  @Override
  public void forward(float[] z, float[] a, int rows, int cols) {
    System.arraycopy(z, 0, a, 0, rows * cols);
  }

  @Override
  public void backward(float[] z, float[] a, float[] dA, float[] dZ, int rows, int cols) {
    System.arraycopy(dA, 0, dZ, 0, rows * cols);
  }
}
