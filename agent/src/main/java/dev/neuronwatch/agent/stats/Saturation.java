package dev.neuronwatch.agent.stats;

import dev.neuronwatch.protocol.ActivationKind;

/**
 * Measures saturation of sigmoid, tanh and softmax layers: how much of a batch's output sits so
 * close to the activation's bounds that its derivative, and so the gradient through it, is nearly
 * zero.
 *
 * <ul>
 *   <li>sigmoid: the fraction of outputs below {@code eps} or above {@code 1 - eps};
 *   <li>tanh: the fraction of outputs with {@code |output| > 1 - eps};
 *   <li>softmax: the fraction of rows whose largest probability exceeds {@code 1 - eps}.
 * </ul>
 *
 * <p>The denominator is every output (every row for softmax), so NaN outputs count as not
 * saturated.
 *
 * <pre>{@code
 * double saturated = Saturation.fraction(ActivationKind.TANH, output, batch, units, 0.01);
 * }</pre>
 */
public final class Saturation {
  private Saturation() {}

  /**
   * The saturated fraction of a row-major {@code batch x units} output.
   *
   * @throws IllegalArgumentException when {@code kind} does not saturate, {@code eps} is not in (0,
   *     0.5), or the shape does not fit {@code output}
   */
  public static double fraction(
      ActivationKind kind, float[] output, int batch, int units, double eps) {
    Shapes.requireMatrix("output", output, batch, units);
    if (!(eps > 0 && eps < 0.5)) {
      throw new IllegalArgumentException("eps must be in (0, 0.5), was " + eps);
    }
    int n = batch * units;
    return switch (kind) {
      case SIGMOID -> (double) countOutside(output, n, eps, 1 - eps) / n;
      case TANH -> (double) countOutside(output, n, -(1 - eps), 1 - eps) / n;
      case SOFTMAX -> (double) confidentRows(output, batch, units, 1 - eps) / batch;
      default -> throw new IllegalArgumentException(kind.wireName() + " does not saturate");
    };
  }

  private static int countOutside(float[] output, int n, double low, double high) {
    int outside = 0;
    for (int i = 0; i < n; i++) {
      float x = output[i];
      if (x < low || x > high) {
        outside++;
      }
    }
    return outside;
  }

  private static int confidentRows(float[] output, int batch, int units, double threshold) {
    int confident = 0;
    int offset = 0;
    for (int row = 0; row < batch; row++) {
      float largest = Float.NEGATIVE_INFINITY;
      for (int unit = 0; unit < units; unit++) {
        largest = Math.max(largest, output[offset + unit]);
      }
      if (largest > threshold) {
        confident++;
      }
      offset += units;
    }
    return confident;
  }
}
