package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationDerivativeTest {
  private static final double[] POINTS = {
    -7.5, -3.2, -1.7, -0.9, -0.35, -0.05, 0.05, 0.2, 0.6, 1.3, 2.4, 4.1, 8.7
  };

  static Stream<Arguments> scalarActivations() {
    return Stream.of(
        Arguments.of(new Linear()),
        Arguments.of(new Sigmoid()),
        Arguments.of(new Tanh()),
        Arguments.of(new Relu()),
        Arguments.of(new LeakyRelu(0.01)),
        Arguments.of(new LeakyRelu(0.3)),
        Arguments.of(new Elu(1.0)),
        Arguments.of(new Elu(0.5)),
        Arguments.of(new Gelu()),
        Arguments.of(new Swish()));
  }

  @ParameterizedTest
  @MethodSource("scalarActivations")
  void derivativeMatchesCentralDifferenceInDouble(ScalarActivation f) {
    double h = 1e-6;
    for (double z : POINTS) {
      double numeric = (f.value(z + h) - f.value(z - h)) / (2 * h);
      double analytic = f.derivative(z, f.value(z));
      assertThat(analytic)
          .as("%s'(%s)", f.kind(), z)
          .isCloseTo(numeric, within(1e-7 + 1e-7 * Math.abs(numeric)));
    }
  }

  @ParameterizedTest
  @MethodSource("scalarActivations")
  void batchLoopsAgreeWithTheScalarDefinition(ScalarActivation f) {
    float[] z = new float[POINTS.length];
    float[] dA = new float[POINTS.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) POINTS[i];
      dA[i] = 0.5f + i;
    }
    float[] a = new float[z.length];
    float[] dZ = new float[z.length];
    f.forward(z, a, 1, z.length);
    f.backward(z, a, dA, dZ, 1, z.length);
    for (int i = 0; i < z.length; i++) {
      assertThat(a[i]).isEqualTo((float) f.value(z[i]));
      assertThat(dZ[i]).isEqualTo((float) (dA[i] * f.derivative(z[i], f.value(z[i]))));
    }
  }

  @Test
  void sigmoidNeverOverflows() {
    assertThat(Sigmoid.logistic(-1000)).isEqualTo(0.0);
    assertThat(Sigmoid.logistic(1000)).isEqualTo(1.0);
    assertThat(Sigmoid.logistic(-745)).isFinite().isNotNegative();
    assertThat(new Tanh().value(-1000)).isEqualTo(-1.0);
    for (double z : new double[] {1e-8, 9e-4, 1.1e-3, 0.3, 3}) {
      assertThat(new Tanh().value(z)).isCloseTo(Math.tanh(z), within(1e-12 * Math.tanh(z)));
    }
  }

  @Test
  void preluSlopeGradientMatchesCentralDifference() {
    SplittableRandom random = new SplittableRandom(3);
    int rows = 5;
    int cols = 4;
    Prelu prelu = new Prelu(cols, 0.25);
    float[] z = randomArray(rows * cols, random, 2.0);
    float[] weightsOfLoss = randomArray(rows * cols, random, 1.0);
    float[] a = new float[rows * cols];
    float[] dZ = new float[rows * cols];
    prelu.forward(z, a, rows, cols);
    prelu.backward(z, a, weightsOfLoss, dZ, rows, cols);
    float[] slopes = prelu.alpha().value();
    for (int j = 0; j < cols; j++) {
      float saved = slopes[j];
      double h = 1e-3;
      slopes[j] = (float) (saved + h);
      double up = linearLoss(prelu, z, weightsOfLoss, rows, cols);
      slopes[j] = (float) (saved - h);
      double down = linearLoss(prelu, z, weightsOfLoss, rows, cols);
      slopes[j] = saved;
      assertThat((double) prelu.alpha().gradient()[j])
          .isCloseTo((up - down) / (2 * h), within(1e-4));
    }
    // The input gradient: slope 1 on the positive side, alpha on the negative side.
    for (int i = 0; i < z.length; i++) {
      float expected = z[i] > 0 ? weightsOfLoss[i] : slopes[i % cols] * weightsOfLoss[i];
      assertThat(dZ[i]).isEqualTo(expected);
    }
  }

  @Test
  void softmaxJacobianProductMatchesCentralDifference() {
    SplittableRandom random = new SplittableRandom(5);
    int rows = 3;
    int cols = 5;
    for (double temperature : new double[] {1.0, 0.5, 2.5}) {
      Softmax softmax = new Softmax(temperature);
      float[] z = randomArray(rows * cols, random, 2.0);
      float[] weightsOfLoss = randomArray(rows * cols, random, 1.0);
      float[] a = new float[rows * cols];
      float[] dZ = new float[rows * cols];
      softmax.forward(z, a, rows, cols);
      softmax.backward(z, a, weightsOfLoss, dZ, rows, cols);
      for (int i = 0; i < z.length; i++) {
        float saved = z[i];
        double h = 1e-2;
        z[i] = (float) (saved + h);
        double up = linearLoss(softmax, z, weightsOfLoss, rows, cols);
        z[i] = (float) (saved - h);
        double down = linearLoss(softmax, z, weightsOfLoss, rows, cols);
        z[i] = saved;
        assertThat((double) dZ[i]).isCloseTo((up - down) / (2 * h), within(2e-4));
      }
    }
  }

  @Test
  void softmaxRowsSumToOneEvenForHugeLogits() {
    float[] z = {1000f, 999f, -1000f, 0f, 0f, 0f};
    float[] a = new float[6];
    new Softmax(1.0).forward(z, a, 2, 3);
    assertThat(a[0] + a[1] + a[2]).isCloseTo(1f, within(1e-6f));
    assertThat(a[0]).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
    assertThat(a[3]).isCloseTo(1f / 3, within(1e-6f));
  }

  @Test
  void temperatureFlattensTheDistribution() {
    float[] z = {2f, 0f};
    float[] cold = new float[2];
    float[] hot = new float[2];
    new Softmax(0.5).forward(z, cold, 1, 2);
    new Softmax(4).forward(z, hot, 1, 2);
    assertThat(cold[0]).isGreaterThan(hot[0]);
    assertThat(hot[0]).isCloseTo((float) (1 / (1 + Math.exp(-0.5))), within(1e-6f));
  }

  @Test
  void factoryBuildsEveryKindWithItsDefaults() {
    for (ActivationKind kind : ActivationKind.values()) {
      assertThat(Activation.create(kind, Double.NaN, 1.0, 4).kind()).isEqualTo(kind);
    }
    Prelu prelu = (Prelu) Activation.create(ActivationKind.PRELU, Double.NaN, 1.0, 4);
    assertThat(prelu.alpha().value()).containsOnly(0.25f);
    assertThat(Activation.defaultAlpha(ActivationKind.LEAKY_RELU)).isEqualTo(0.01);
    assertThat(Activation.defaultAlpha(ActivationKind.ELU)).isEqualTo(1.0);
    assertThat(new LeakyRelu(0.01).value(-2)).isEqualTo(-0.02);
  }

  /** sum(weights * f(z)), a loss whose gradient w.r.t. f's output is {@code weights}. */
  private static double linearLoss(Activation f, float[] z, float[] weights, int rows, int cols) {
    float[] a = new float[z.length];
    f.forward(z, a, rows, cols);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) weights[i] * a[i];
    }
    return sum;
  }

  static float[] randomArray(int n, SplittableRandom random, double scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (scale * (2 * random.nextDouble() - 1));
    }
    return values;
  }
}
