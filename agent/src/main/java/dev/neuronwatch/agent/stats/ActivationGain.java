package dev.neuronwatch.agent.stats;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Measures how much gradient a sigmoid, tanh or softmax activation passes back: the gain {@code
 * ||dL/dz|| / (fmax' * ||dL/dy||)}, where {@code y} is the layer's output, {@code z} its
 * pre-activation and {@code fmax'} the activation's largest slope.
 *
 * <p>{@code dL/dz} is computed from the output alone, as the activation's derivative is a function
 * of it:
 *
 * <ul>
 *   <li>sigmoid: {@code dL/dz = dL/dy * y(1 - y)}, {@code fmax' = 1/4};
 *   <li>tanh: {@code dL/dz = dL/dy * (1 - y^2)}, {@code fmax' = 1};
 *   <li>softmax, per row: {@code dL/dz = y * (g - (g . y))} with {@code g = dL/dy} (the row's
 *       Jacobian {@code diag(y) - y y^T} applied to {@code g}), {@code fmax' = 1/2}, the largest
 *       eigenvalue that Jacobian can have.
 * </ul>
 *
 * So 1 means the activation passes the gradient as at its steepest point and values near 0 that it
 * blocks it: saturation that matters. Sums are in {@code double}, one pass over the arrays (two
 * over each softmax row, which stays in cache); nothing is allocated.
 *
 * <pre>{@code
 * double gain = ActivationGain.of(ActivationKind.TANH, output, outputGradient, batch, units);
 * if (Double.isNaN(gain)) { ... } // no gradient, or a non-finite value
 * }</pre>
 */
public final class ActivationGain {
  private ActivationGain() {}

  /**
   * The gain of a row-major {@code batch x units} output and its gradient, or NaN when it is not
   * defined: the gradient's norm is 0, or a value is not finite.
   *
   * @throws IllegalArgumentException when {@code kind} does not saturate or an array is shorter
   *     than {@code batch * units}
   */
  public static double of(
      ActivationKind kind, float[] output, float[] outputGradient, int batch, int units) {
    Shapes.requireMatrix("output", output, batch, units);
    Shapes.requireMatrix("outputGradient", outputGradient, batch, units);
    int n = batch * units;
    double inSquares = 0;
    double outSquares = 0;
    double steepest;
    switch (kind) {
      case SIGMOID -> {
        steepest = 0.25;
        for (int i = 0; i < n; i++) {
          double y = output[i];
          double g = outputGradient[i];
          double dz = g * (y * (1 - y));
          outSquares += g * g;
          inSquares += dz * dz;
        }
      }
      case TANH -> {
        steepest = 1;
        for (int i = 0; i < n; i++) {
          double y = output[i];
          double g = outputGradient[i];
          double dz = g * (1 - y * y);
          outSquares += g * g;
          inSquares += dz * dz;
        }
      }
      case SOFTMAX -> {
        steepest = 0.5;
        for (int offset = 0; offset < n; offset += units) {
          double dot = 0;
          for (int i = offset; i < offset + units; i++) {
            dot += (double) outputGradient[i] * output[i];
          }
          for (int i = offset; i < offset + units; i++) {
            double g = outputGradient[i];
            double dz = output[i] * (g - dot);
            outSquares += g * g;
            inSquares += dz * dz;
          }
        }
      }
      default -> throw new IllegalArgumentException(kind.wireName() + " does not saturate");
    }
    if (!(outSquares > 0) || !Double.isFinite(outSquares) || !Double.isFinite(inSquares)) {
      return Double.NaN;
    }
    return Math.sqrt(inSquares) / (steepest * Math.sqrt(outSquares));
  }
}
