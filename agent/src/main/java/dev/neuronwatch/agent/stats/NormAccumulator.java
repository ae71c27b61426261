package dev.neuronwatch.agent.stats;

/**
 * A reusable accumulator of the L2 norm and mean absolute value of float32 data, over the finite
 * elements only, counting NaN and infinite elements separately.
 *
 * <p>Squares and absolute values are summed in {@code double}: a float32 element squared is at most
 * about 1.2e77, far from overflowing, and a sum of non-negative terms suffers no cancellation, so
 * the plain sum is accurate to double precision. Finiteness selects what is added, without a
 * data-dependent branch, in the statistics kernel (SIMD on the Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}). Not thread-safe; allocates nothing.
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
  private final NormSums sums = new NormSums();

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
      throw new IllegalArgumentException("n must be in [0, " + values.length + "], was " + n);
    }
    NormSums sums = this.sums;
    sums.clear();
    FloatKernel.get().norms(values, null, null, n, sums);
    add(sums, 0);
  }

  /**
   * Adds the first {@code n} values of each array into its accumulator, reading the three arrays in
   * one pass (weights, their gradient and their last update are the same length and the largest
   * arrays the agent reads). An accumulator whose array is null is left unchanged.
   *
   * <pre>{@code
   * NormAccumulator.addAll(weightNorm, w, gradientNorm, dW, updateNorm, deltaW, w.length);
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code n} is negative or exceeds an array's length
   */
  public static void addAll(
      NormAccumulator first,
      float[] a,
      NormAccumulator second,
      float[] b,
      NormAccumulator third,
      float[] c,
      int n) {
    requireLength(a, n);
    requireLength(b, n);
    requireLength(c, n);
    NormSums sums = first.sums;
    sums.clear();
    FloatKernel.get().norms(a, b, c, n, sums);
    if (a != null) {
      first.add(sums, 0);
    }
    if (b != null) {
      second.add(sums, 1);
    }
    if (c != null) {
      third.add(sums, 2);
    }
  }

  private static void requireLength(float[] values, int n) {
    if (values != null && (n < 0 || n > values.length)) {
      throw new IllegalArgumentException("n must be in [0, " + values.length + "], was " + n);
    }
  }

  private void add(NormSums sums, int slot) {
    count += sums.finite[slot];
    sumOfSquares += sums.sumOfSquares[slot];
    sumOfAbs += sums.sumOfAbs[slot];
    nanCount += sums.nan[slot];
    infCount += sums.inf[slot];
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
