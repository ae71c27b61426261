package dev.neuronwatch.trainer.nn;

/**
 * Updates parameters in place from their gradients and records each change in {@link
 * Parameter#lastUpdate()}. Optimisers allocate their state once, for the parameters they were built
 * with.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(network.parameters(), 1e-3, 0.0);
 * adam.step(1.0);
 * adam.learningRate(5e-4);   // e.g. from a schedule, before the next step
 * }</pre>
 */
public interface Optimizer {

  /**
   * Applies one update. Each gradient is first multiplied by {@code gradientScale} (1, or the
   * factor of gradient clipping), then L2 weight decay {@code lambda * w} is added for parameters
   * that decay.
   */
  void step(double gradientScale);

  /** The rate the following steps use, as a learning-rate schedule sets it; finite, >= 0. */
  void learningRate(double learningRate);
}
