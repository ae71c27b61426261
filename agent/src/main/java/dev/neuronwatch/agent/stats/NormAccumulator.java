package dev.neuronwatch.agent.stats;

/**
 * A reusable accumulator of the L2 norm and mean absolute value of float32 data, over the finite
 * elements only, counting NaN and infinite elements separately.
 *
 * <p>Squares and absolute values are summed in {@code double}: a float32 element squared is at most
 * about 1.2e77, far from overflowing, and a sum of non-negative terms suffers no cancellation, so
 * the plain sum is accurate to double precision. Not thread-safe; allocates nothing.
 *
 * <pre>{@code
 * NormAccumulator norm = new NormAccumulator();
 * norm.reset();
 * norm.addAll(weightGradient, weightGradient.length);
 * double l2 = norm.l2Norm();
 * }</pre>
 */
public final class NormAccumulator {
  private long count;
  private double sumOfSquares;
  private double sumOfAbs;
  private long nanCount;
  private long infCount;

  /** Forgets everything accumulated. */
  public void reset() {
    count = 0;
    sumOfSquares = 0;
    sumOfAbs = 0;
    nanCount = 0;
    infCount = 0;
  }

  /**
   * Adds the first {@code n} values of {@code values}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or exceeds the array's length
   */
  public void addAll(float[] values, int n) {
    if (n < 0 || n > values.length) {
      throw new IllegalArgumentException(
          "n must be in [0, " + values.length + "], was " + n);
    }
    for (int i = 0; i < n; i++) {
      float value = values[i];
      if (Float.isNaN(value)) {
        nanCount++;
      } else if (Float.isInfinite(value)) {
        infCount++;
      } else {
        double x = value;
        count++;
        sumOfSquares += x * x;
        sumOfAbs += Math.abs(x);
      }
    }
  }

  /** The L2 norm of the finite values added, 0 when there are none. */
  public double l2Norm() {
    return Math.sqrt(sumOfSquares);
  }

  /** The mean absolute value of the finite values added, 0 when there are none. */
  public double meanAbs() {
    return count == 0 ? 0 : sumOfAbs / count;
  }

  /** The number of finite values added. */
  public long count() {
    return count;
  }

  /** The number of NaN values added. */
  public long nanCount() {
    return nanCount;
  }

  /** The number of infinite values added. */
  public long infCount() {
    return infCount;
  }
}
