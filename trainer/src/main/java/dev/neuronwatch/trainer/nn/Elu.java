package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * The exponential linear unit: {@code z} for positive z, {@code alpha * (e^z - 1)} otherwise
 * (default alpha {@value #DEFAULT_ALPHA}); uses {@code expm1} for accuracy near 0.
 *
 * <pre>{@code
 * Activation elu = new Elu(1.0);
 * }</pre>
 */
public final class Elu extends ScalarActivation {
  /** The scale of Clevert et al. (2016). */
  public static final double DEFAULT_ALPHA = 1.0;

  private final double alpha;

  public Elu(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.ELU;
  }

  @Override
  public double value(double z) {
    return z > 0 ? z : alpha * Math.expm1(z);
  }

  @Override
  public double derivative(double z, double y) {
    return z > 0 ? 1 : alpha * Math.exp(z);
  }
}
