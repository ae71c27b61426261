package dev.neuronwatch.agent.stats;

/**
 * The cheaper sibling of {@link StatsAccumulator} for large tensors (weights, gradients) whose
 * range is not needed: count of finite values, mean, population variance, fraction of exact zeros,
 * L2 norm, and NaN and infinity counts, in one pass over the data (no minimum or maximum, which are
 * the costliest part of a SIMD pass).
 *
 * <p>Same algorithm and accuracy as {@link StatsAccumulator#addAll}: blocks of {@value
 * StatsAccumulator#BLOCK} values summed around a shift in double, merged with Chan et al.'s
 * formula. The norm is the square root of the sum over blocks of {@code m2 + n * mean^2}, all
 * non-negative terms. Not thread-safe; allocates nothing.
 *
 * <pre>{@code
 * MomentsAccumulator moments = new MomentsAccumulator();
 * moments.reset();
 * moments.addAll(weights, weights.length);
 * double norm = moments.l2Norm();
 * }</pre>
 */
public final class MomentsAccumulator {
  private static final double SHIFT_TOLERANCE = 1e4;

  private final FloatKernel kernel;
  private final ChunkSums sums = new ChunkSums();
  private long count;
  private double mean;
  private double m2;
  private double sumOfSquares;
  private long zeros;
  private long nanCount;
  private long infCount;

  /** Creates an empty accumulator. */
  public MomentsAccumulator() {
    this(FloatKernel.get());
  }

  MomentsAccumulator(FloatKernel kernel) {
    this.kernel = kernel;
  }

  /** Forgets everything accumulated. */
  public void reset() {
    count = 0;
    mean = 0;
    m2 = 0;
    sumOfSquares = 0;
    zeros = 0;
    nanCount = 0;
    infCount = 0;
  }

  /**
   * Adds the first {@code n} values of {@code values} in one pass.
   *
   * @throws IllegalArgumentException when {@code n} is negative or exceeds the array's length
   */
  public void addAll(float[] values, int n) {
    if (n < 0 || n > values.length) {
      throw new IllegalArgumentException("n must be in [0, " + values.length + "], was " + n);
    }
    for (int start = 0; start < n; start += StatsAccumulator.BLOCK) {
      addBlock(values, start, Math.min(n, start + StatsAccumulator.BLOCK));
    }
  }

  private void addBlock(float[] values, int from, int to) {
    float shift = count > 0 ? (float) mean : StatsAccumulator.firstFinite(values, from, to);
    sums.clear();
    kernel.moments(values, from, to, shift, sums);
    zeros += sums.zeros;
    nanCount += sums.nan;
    infCount += sums.inf;
    int finite = sums.finite;
    if (finite == 0) {
      return;
    }
    double offset = sums.sumOfDeviations / finite;
    double blockM2 = sums.sumOfSquaredDeviations - sums.sumOfDeviations * offset;
    if (sums.sumOfSquaredDeviations > SHIFT_TOLERANCE * blockM2) {
      shift = (float) (shift + offset);
      sums.clear();
      kernel.moments(values, from, to, shift, sums);
      offset = sums.sumOfDeviations / finite;
      blockM2 = sums.sumOfSquaredDeviations - sums.sumOfDeviations * offset;
    }
    blockM2 = Math.max(0, blockM2);
    double blockMean = shift + offset;
    sumOfSquares += blockM2 + finite * blockMean * blockMean;
    long total = count + finite;
    double delta = blockMean - mean;
    mean += delta * ((double) finite / total);
    m2 += blockM2 + delta * delta * ((double) count * finite / total);
    count = total;
  }

  /** The number of finite values added. */
  public long count() {
    return count;
  }

  /** The mean of the finite values, 0 when there are none. */
  public double mean() {
    return count == 0 ? 0 : mean;
  }

  /** The population variance of the finite values, 0 when there are none. */
  public double variance() {
    return count == 0 ? 0 : Math.max(0, m2 / count);
  }

  /** The fraction of finite values that are exactly zero, 0 when there are none. */
  public double zeroFraction() {
    return count == 0 ? 0 : (double) zeros / count;
  }

  /** The L2 norm of the finite values, 0 when there are none. */
  public double l2Norm() {
    return Math.sqrt(sumOfSquares);
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
