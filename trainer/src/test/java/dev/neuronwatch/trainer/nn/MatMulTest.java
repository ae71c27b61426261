package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatMulTest {

  // Odd sizes exercise the unrolled loops' remainders.
  @ParameterizedTest
  @CsvSource({"1, 1, 1", "3, 5, 2", "7, 4, 9", "8, 13, 6"})
  void productsMatchADoublePrecisionReference(int rows, int inner, int cols) {
    SplittableRandom random = new SplittableRandom(rows * 100 + inner * 10 + cols);
    float[] a = ActivationDerivativeTest.randomArray(rows * inner, random, 1);
    float[] b = ActivationDerivativeTest.randomArray(inner * cols, random, 1);
    float[] bias = ActivationDerivativeTest.randomArray(cols, random, 1);
    float[] out = new float[rows * cols];
    MatMul.multiplyAddBias(a, b, bias, out, rows, inner, cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double expected = bias[j];
        for (int k = 0; k < inner; k++) {
          expected += (double) a[i * inner + k] * b[k * cols + j];
        }
        assertThat((double) out[i * cols + j]).isCloseTo(expected, within(1e-5));
      }
    }

    float[] c = ActivationDerivativeTest.randomArray(rows * cols, random, 1);
    float[] aTc = new float[inner * cols];
    MatMul.multiplyTransposedLeft(a, c, aTc, rows, inner, cols);
    for (int k = 0; k < inner; k++) {
      for (int j = 0; j < cols; j++) {
        double expected = 0;
        for (int i = 0; i < rows; i++) {
          expected += (double) a[i * inner + k] * c[i * cols + j];
        }
        assertThat((double) aTc[k * cols + j]).isCloseTo(expected, within(1e-5));
      }
    }

    float[] bT = new float[cols * inner];
    MatMul.transpose(b, bT, inner, cols);
    float[] cbT = new float[rows * inner];
    MatMul.multiply(c, bT, cbT, rows, cols, inner);
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < inner; k++) {
        double expected = 0;
        for (int j = 0; j < cols; j++) {
          expected += (double) c[i * cols + j] * b[k * cols + j];
        }
        assertThat((double) cbT[i * inner + k]).isCloseTo(expected, within(1e-5));
      }
    }

    float[] sums = new float[cols];
    MatMul.sumRows(c, sums, rows, cols);
    for (int j = 0; j < cols; j++) {
      double expected = 0;
      for (int i = 0; i < rows; i++) {
        expected += c[i * cols + j];
      }
      assertThat((double) sums[j]).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void anInfiniteWeightTimesAZeroInputIsNaN() {
    float[] a = {0f, 1f};
    float[] b = {Float.POSITIVE_INFINITY, 1f};
    float[] out = new float[1];
    MatMul.multiply(a, b, out, 1, 2, 1);
    assertThat(out[0]).isNaN();
  }
}
