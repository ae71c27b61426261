package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.model.ActivationKind;

/**
 * The hyperbolic tangent; its slope {@code 1 - tanh^2} follows from the output.
 *
 * <p>Evaluated as {@code (1 - e) / (1 + e)} with {@code e = exp(-2|z|)}: about twice as fast as
 * {@link Math#tanh} on current JVMs, never overflows, and its relative error (below 1e-10 for
 * {@code |z| > 1e-6}) is far below float precision.
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
    double e = Math.exp(-2 * Math.abs(z));
    double t = (1 - e) / (1 + e);
    return z < 0 ? -t : t;
  }

  @Override
  public double derivative(double z, double y) {
    return 1 - y * y;
  }
}
