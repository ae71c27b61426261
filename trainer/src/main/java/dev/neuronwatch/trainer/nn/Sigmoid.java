package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The logistic function {@code 1 / (1 + e^-z)}, evaluated without overflow for any sign of z.
 *
 * <pre>{@code
 * double p = Sigmoid.logistic(2.0); // 0.8808
 * }</pre>
 */
public final class Sigmoid extends ScalarActivation {

  /** The logistic function; exponentiates only non-positive numbers, so it never overflows. */
  public static double logistic(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.SIGMOID;
  }

  @Override
  public double value(double z) {
    return logistic(z);
  }

  @Override
  public double derivative(double z, double y) {
    return y * (1 - y);
  }
}
