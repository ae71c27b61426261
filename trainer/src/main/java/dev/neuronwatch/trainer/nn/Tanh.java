package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The hyperbolic tangent; its slope {@code 1 - tanh^2} follows from the output.
 *
 * <p>Evaluated as {@code (1 - e) / (1 + e)} with {@code e = exp(-2|z|)}, which is about twice as
 * fast as {@link Math#tanh} on current JVMs and never overflows; below |z| = 1e-3, where that
 * formula cancels, as {@code z - z^3 / 3}. The relative error stays below 1e-12.
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
    double magnitude = Math.abs(z);
    if (magnitude < 1e-3) {
      return z - z * z * z / 3;
    }
    double e = Math.exp(-2 * magnitude);
    double t = (1 - e) / (1 + e);
    return z < 0 ? -t : t;
  }

  @Override
  public double derivative(double z, double y) {
    return 1 - y * y;
  }
}
