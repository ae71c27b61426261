package dev.neuronwatch.trainer.nn;

import java.util.Arrays;

/**
 * The three row-major float products of a dense layer. Loops run in i-k-j order so that the
 * innermost loop walks contiguous rows of both operands (and vectorises); no element is skipped
 * even when zero, so that an infinite weight still turns a zero activation into NaN as IEEE
 * arithmetic says it should.
 *
 * <pre>{@code
 * MatMul.multiplyAddBias(x, w, b, z, rows, inputs, units);   // z = x w + b
 * }</pre>
 */
public final class MatMul {
  private MatMul() {}

  /** {@code out[rows x cols] = a[rows x inner] * b[inner x cols] + bias[cols]} per row. */
  public static void multiplyAddBias(
      float[] a, float[] b, float[] bias, float[] out, int rows, int inner, int cols) {
    for (int i = 0; i < rows; i++) {
      int outRow = i * cols;
      System.arraycopy(bias, 0, out, outRow, cols);
      int aRow = i * inner;
      for (int k = 0; k < inner; k++) {
        float av = a[aRow + k];
        int bRow = k * cols;
        for (int j = 0; j < cols; j++) {
          out[outRow + j] += av * b[bRow + j];
        }
      }
    }
  }

  /** {@code out[inner x cols] = a[rows x inner]^T * b[rows x cols]}, overwriting out. */
  public static void multiplyTransposedLeft(
      float[] a, float[] b, float[] out, int rows, int inner, int cols) {
    Arrays.fill(out, 0, inner * cols, 0f);
    for (int i = 0; i < rows; i++) {
      int aRow = i * inner;
      int bRow = i * cols;
      for (int k = 0; k < inner; k++) {
        float av = a[aRow + k];
        int outRow = k * cols;
        for (int j = 0; j < cols; j++) {
          out[outRow + j] += av * b[bRow + j];
        }
      }
    }
  }

  /** {@code out[rows x inner] = a[rows x cols] * b[inner x cols]^T}: row-by-row dot products. */
  public static void multiplyTransposedRight(
      float[] a, float[] b, float[] out, int rows, int cols, int inner) {
    for (int i = 0; i < rows; i++) {
      int aRow = i * cols;
      int outRow = i * inner;
      for (int k = 0; k < inner; k++) {
        int bRow = k * cols;
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
          sum += a[aRow + j] * b[bRow + j];
        }
        out[outRow + k] = sum;
      }
    }
  }

  /** {@code out[cols] = sum over rows of a[rows x cols]}. */
  public static void sumRows(float[] a, float[] out, int rows, int cols) {
    Arrays.fill(out, 0, cols, 0f);
    for (int i = 0; i < rows; i++) {
      int row = i * cols;
      for (int j = 0; j < cols; j++) {
        out[j] += a[row + j];
      }
    }
  }
}
