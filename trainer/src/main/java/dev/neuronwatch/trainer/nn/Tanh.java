package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.model.ActivationKind;

/**
 * The hyperbolic tangent; its slope {@code 1 - tanh^2} follows from the output.
 *
 * <pre>{@code
 * Activation tanh = new Tanh();
 * }</pre>
 */
public final class Tanh extends ScalarActivation {

  @Override
  public ActivationKind kind() {
    return ActivationKind.TANH;
  }

  @Override
  public double value(double z) {
    return Math.tanh(z);
  }

  @Override
  public double derivative(double z, double y) {
    return 1 - y * y;
  }
}
