package dev.neuronwatch.trainer.nn;

import java.util.Arrays;

/**
 * The row-major float matrix products of a dense layer.
 *
 * <p>Loops run in i-k-j order so that the innermost loop walks contiguous rows of both operands and
 * vectorises; four rows of the right operand are combined per pass, which halves the loads and
 * stores of the output row. The summation order is fixed, so results are reproducible bit for bit.
 * No element is skipped even when zero, so an infinite weight still turns a zero input into NaN, as
 * IEEE arithmetic (and a monitoring tool looking for NaN) expects.
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
      System.arraycopy(bias, 0, out, i * cols, cols);
    }
    multiplyAdd(a, b, out, rows, inner, cols);
  }

  /** {@code out[rows x cols] = a[rows x inner] * b[inner x cols]}. */
  public static void multiply(float[] a, float[] b, float[] out, int rows, int inner, int cols) {
    Arrays.fill(out, 0, rows * cols, 0f);
    multiplyAdd(a, b, out, rows, inner, cols);
  }

  /** {@code out[rows x cols] += a[rows x inner] * b[inner x cols]}. */
  public static void multiplyAdd(float[] a, float[] b, float[] out, int rows, int inner, int cols) {
    for (int i = 0; i < rows; i++) {
      int o = i * cols;
      int aRow = i * inner;
      int k = 0;
      for (; k + 3 < inner; k += 4) {
        float a0 = a[aRow + k];
        float a1 = a[aRow + k + 1];
        float a2 = a[aRow + k + 2];
        float a3 = a[aRow + k + 3];
        int b0 = k * cols;
        int b1 = b0 + cols;
        int b2 = b1 + cols;
        int b3 = b2 + cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
      }
      for (; k < inner; k++) {
        float av = a[aRow + k];
        int b0 = k * cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += av * b[b0 + j];
        }
      }
    }
  }

  /** {@code out[inner x cols] = a[rows x inner]^T * b[rows x cols]}, overwriting out. */
  public static void multiplyTransposedLeft(
      float[] a, float[] b, float[] out, int rows, int inner, int cols) {
    Arrays.fill(out, 0, inner * cols, 0f);
    int i = 0;
    for (; i + 3 < rows; i += 4) {
      int a0 = i * inner;
      int a1 = a0 + inner;
      int a2 = a1 + inner;
      int a3 = a2 + inner;
      int b0 = i * cols;
      int b1 = b0 + cols;
      int b2 = b1 + cols;
      int b3 = b2 + cols;
      for (int k = 0; k < inner; k++) {
        float x0 = a[a0 + k];
        float x1 = a[a1 + k];
        float x2 = a[a2 + k];
        float x3 = a[a3 + k];
        int o = k * cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
        }
      }
    }
    for (; i < rows; i++) {
      int a0 = i * inner;
      int b0 = i * cols;
      for (int k = 0; k < inner; k++) {
        float x0 = a[a0 + k];
        int o = k * cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += x0 * b[b0 + j];
        }
      }
    }
  }

  /** {@code out[cols x rows] = a[rows x cols]^T}. */
  public static void transpose(float[] a, float[] out, int rows, int cols) {
    for (int i = 0; i < rows; i++) {
      int aRow = i * cols;
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = a[aRow + j];
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
