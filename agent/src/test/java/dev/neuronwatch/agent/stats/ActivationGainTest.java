package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Checks the gain against a reference that differentiates the activation numerically from the
 * pre-activation (central differences), never through the output-based derivative formulas the
 * class uses.
 */
class ActivationGainTest {
  private static final int BATCH = 7;
  private static final int UNITS = 5;
  private static final double H = 1e-5;

  private final Random random = new Random(42);

  @Test
  void sigmoidGainMatchesNumericalDerivative() {
    checkElementwise(ActivationKind.SIGMOID, z -> 1 / (1 + Math.exp(-z)), 0.25);
  }

  @Test
  void tanhGainMatchesNumericalDerivative() {
    checkElementwise(ActivationKind.TANH, Math::tanh, 1);
  }

  @Test
  void softmaxGainMatchesNumericalJacobian() {
    double[] z = randoms(BATCH * UNITS, 3);
    float[] y = new float[z.length];
    float[] g = floats(randoms(z.length, 1));
    double inSquares = 0;
    double outSquares = 0;
    for (int row = 0; row < BATCH; row++) {
      double[] zr = new double[UNITS];
      System.arraycopy(z, row * UNITS, zr, 0, UNITS);
      double[] yr = softmax(zr);
      for (int j = 0; j < UNITS; j++) {
        y[row * UNITS + j] = (float) yr[j];
        outSquares += g[row * UNITS + j] * (double) g[row * UNITS + j];
      }
      for (int j = 0; j < UNITS; j++) {
        // dL/dz_j of L = g . softmax(z), by central differences.
        double[] up = zr.clone();
        double[] down = zr.clone();
        up[j] += H;
        down[j] -= H;
        double dz = (dot(g, row, softmax(up)) - dot(g, row, softmax(down))) / (2 * H);
        inSquares += dz * dz;
      }
    }
    double expected = Math.sqrt(inSquares) / (0.5 * Math.sqrt(outSquares));

    double gain = ActivationGain.of(ActivationKind.SOFTMAX, y, g, BATCH, UNITS);

    assertThat(gain).isCloseTo(expected, within(1e-5 * expected)).isBetween(0.0, 1.0);
  }

  @Test
  void saturatedOutputsBlockTheGradientAndCentredOnesPassIt() {
    float[] g = {1f, -2f, 0.5f, 3f};

    assertThat(ActivationGain.of(ActivationKind.TANH, new float[] {0f, 0f, 0f, 0f}, g, 2, 2))
        .isEqualTo(1.0);
    assertThat(ActivationGain.of(ActivationKind.SIGMOID, new float[] {.5f, .5f, .5f, .5f}, g, 2, 2))
        .isEqualTo(1.0);
    assertThat(ActivationGain.of(ActivationKind.TANH, new float[] {1f, -1f, 1f, 1f}, g, 2, 2))
        .isZero();
    assertThat(ActivationGain.of(ActivationKind.SOFTMAX, new float[] {1f, 0f, 0f, 1f}, g, 2, 2))
        .isZero();
  }

  @Test
  void isUndefinedWithoutGradientOrWithANonFiniteValue() {
    float[] y = {0.2f, 0.4f};

    assertThat(ActivationGain.of(ActivationKind.TANH, y, new float[2], 1, 2)).isNaN();
    assertThat(ActivationGain.of(ActivationKind.TANH, y, new float[] {Float.NaN, 1f}, 1, 2))
        .isNaN();
    assertThat(
            ActivationGain.of(
                ActivationKind.SIGMOID, new float[] {Float.NaN, 0.1f}, new float[] {1f, 1f}, 1, 2))
        .isNaN();
  }

  @Test
  void rejectsKindsThatDoNotSaturateAndShortGradients() {
    assertThatThrownBy(
            () -> ActivationGain.of(ActivationKind.RELU, new float[1], new float[1], 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relu does not saturate");
    assertThatThrownBy(
            () -> ActivationGain.of(ActivationKind.TANH, new float[4], new float[3], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputGradient holds 3 values");
  }

  private void checkElementwise(ActivationKind kind, DoubleUnaryOperator f, double steepest) {
    double[] z = randoms(BATCH * UNITS, 4);
    float[] y = new float[z.length];
    float[] g = floats(randoms(z.length, 1));
    double inSquares = 0;
    double outSquares = 0;
    for (int i = 0; i < z.length; i++) {
      y[i] = (float) f.applyAsDouble(z[i]);
      double slope = (f.applyAsDouble(z[i] + H) - f.applyAsDouble(z[i] - H)) / (2 * H);
      double dz = g[i] * slope;
      inSquares += dz * dz;
      outSquares += g[i] * (double) g[i];
    }
    double expected = Math.sqrt(inSquares) / (steepest * Math.sqrt(outSquares));

    double gain = ActivationGain.of(kind, y, g, BATCH, UNITS);

    assertThat(gain).isCloseTo(expected, within(1e-5 * expected)).isBetween(0.0, 1.0);
  }

  private double[] randoms(int n, double scale) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = scale * random.nextGaussian();
    }
    return values;
  }

  private static float[] floats(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] y = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      y[i] = Math.exp(z[i] - max);
      sum += y[i];
    }
    for (int i = 0; i < z.length; i++) {
      y[i] /= sum;
    }
    return y;
  }

  private static double dot(float[] g, int row, double[] y) {
    double sum = 0;
    for (int j = 0; j < y.length; j++) {
      sum += g[row * UNITS + j] * y[j];
    }
    return sum;
  }
}
