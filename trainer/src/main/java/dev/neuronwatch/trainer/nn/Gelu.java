package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The Gaussian error linear unit in its exact form {@code z * Phi(z)}, where {@code Phi(z) = (1 +
 * erf(z / sqrt 2)) / 2} is the standard normal distribution function (not the tanh approximation).
 * Its slope is {@code Phi(z) + z * phi(z)} with {@code phi} the normal density. The error function
 * comes from {@link Erf}, W. J. Cody's rational approximations.
 *
 * <pre>{@code
 * double y = new Gelu().value(1.0); // 0.8413
 * }</pre>
 */
public final class Gelu extends ScalarActivation {
  private static final double INV_SQRT_2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  /** The standard normal distribution function; uses erfc on the left tail to keep precision. */
  static double normalCdf(double z) {
    return 0.5 * Erf.erfc(-z * INV_SQRT_2);
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.GELU;
  }

  @Override
  public double value(double z) {
    return z * normalCdf(z);
  }

  @Override
  public double derivative(double z, double y) {
    return normalCdf(z) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }
}
