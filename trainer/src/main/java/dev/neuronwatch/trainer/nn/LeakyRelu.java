package dev.neuronwatch.trainer.nn;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * {@code z} for positive z, {@code alpha * z} otherwise (default alpha {@value #DEFAULT_ALPHA}).
 *
 * <pre>{@code
 * Activation leaky = new LeakyRelu(0.01);
 * }</pre>
 */
public final class LeakyRelu extends ScalarActivation {
  /** The customary negative-side slope. */
  public static final double DEFAULT_ALPHA = 0.01;

  private final double alpha;

  public LeakyRelu(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public ActivationKind kind() {
    return ActivationKind.LEAKY_RELU;
  }

  @Override
  public double value(double z) {
    return z > 0 ? z : alpha * z;
  }

  @Override
  public double derivative(double z, double y) {
    return z > 0 ? 1 : alpha;
  }
}
