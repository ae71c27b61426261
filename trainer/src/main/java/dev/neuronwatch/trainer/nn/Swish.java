package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Swish with beta = 1, also called SiLU: {@code z * sigmoid(z)}, slope {@code s + z s (1 - s)}.
 *
 * <pre>{@code
 * Activation silu = new Swish();
 * }</pre>
 */
public final class Swish extends ScalarActivation {

  @Override
  public ActivationKind kind() {
    return ActivationKind.SWISH;
  }

  @Override
  public double value(double z) {
    return z * Sigmoid.logistic(z);
  }

  @Override
  public double derivative(double z, double y) {
    double s = Sigmoid.logistic(z);
    return s + z * s * (1 - s);
  }
}
