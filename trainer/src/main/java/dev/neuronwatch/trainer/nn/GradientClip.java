package dev.neuronwatch.trainer.nn;

import java.util.List;

/**
 * Clipping by global norm (Pascanu et al. 2013): when the L2 norm of all gradients together exceeds
 * a threshold, every gradient is scaled down by the same factor so that it equals it. The gradients
 * themselves are left alone; the factor goes to {@link Optimizer#step(double)}.
 *
 * <pre>{@code
 * optimizer.step(GradientClip.scale(network.parameters(), 5.0));
 * }</pre>
 */
public final class GradientClip {
  private GradientClip() {}

  /** The L2 norm over every element of every gradient, in double. */
  public static double globalNorm(List<Parameter> parameters) {
    double sum = 0;
    for (int p = 0; p < parameters.size(); p++) {
      for (float g : parameters.get(p).gradient()) {
        sum += (double) g * g;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * {@code maxNorm / norm} if the global norm exceeds {@code maxNorm}, else 1 (also for a
   * non-finite norm, which clipping cannot repair).
   */
  public static double scale(List<Parameter> parameters, double maxNorm) {
    double norm = globalNorm(parameters);
    return norm > maxNorm && Double.isFinite(norm) ? maxNorm / norm : 1;
  }
}
