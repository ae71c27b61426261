package dev.neuronwatch.agent.stats;

import dev.neuronwatch.protocol.TensorSummary;

/**
 * A reusable, mutable accumulator of summary statistics over float32 data: count of finite values,
 * mean, population variance, min, max, fraction of exact zeros, and NaN and infinity counts.
 *
 * <p>Mean and variance never subtract two large, nearly equal sums (the textbook {@code E[x^2] -
 * E[x]^2} does, and loses everything for data far from zero: activations around 1e4 varying in the
 * last float32 bits). All accumulators are {@code double}; the data stays float32 as the network
 * produced it.
 *
 * <ul>
 *   <li>{@link #add(float)} uses Welford's online algorithm: {@code n += 1; delta = x - mean; mean
 *       += delta / n; m2 += delta * (x - mean)}.
 *   <li>{@link #addAll(float[], int)}, the path the agent uses, works in blocks of {@value #BLOCK}
 *       values that stay in the L1 cache, in one pass each: it sums {@code d = x - k} and {@code
 *       d^2} in double around a shift {@code k} (the running mean; for the first block its first
 *       finite value), so the block's mean is {@code k + sum(d)/n} and its {@code m2 = sum(d^2) -
 *       sum(d)^2/n}, then merges the block into the running totals with Chan et al.'s formula. When
 *       {@code k} turns out far from the block's values for their spread (so the subtraction would
 *       lose digits), the block, still in L1, is passed again around its own mean. That is at least
 *       as stable as Welford and needs no division per value. The pass is a {@code FloatKernel}:
 *       SIMD on the Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector},
 *       otherwise plain Java without data-dependent branches.
 * </ul>
 *
 * The variance is {@code m2 / n}.
 *
 * <p>Partial accumulators over disjoint parts of a tensor combine with {@link
 * #merge(StatsAccumulator)} (Chan, Golub and LeVeque's parallel formula), which gives the same
 * result as one pass over the concatenation, up to rounding.
 *
 * <p>Nothing is allocated per call: reset the accumulator, feed it, then convert. Not thread-safe.
 *
 * <pre>{@code
 * StatsAccumulator stats = new StatsAccumulator();
 * stats.reset();
 * stats.addAll(activations, batch * units);
 * TensorSummary summary = stats.toSummary();
 * }</pre>
 */
public final class StatsAccumulator {
  /** Values per block of {@link #addAll(float[], int)}: 8 KiB of floats, well inside L1. */
  static final int BLOCK = 2048;

  /**
   * A block is passed again around its own mean when the sum of squared deviations from the shift
   * exceeds its spread by this factor (at most four of double's sixteen digits lost).
   */
  private static final double SHIFT_TOLERANCE = 1e4;

  private final FloatKernel kernel;
  private final ChunkSums sums = new ChunkSums();

  private long count;
  private double mean;
  private double m2;
  private double min;
  private double max;
  private long zeros;
  private long nanCount;
  private long infCount;

  /** Creates an empty accumulator. */
  public StatsAccumulator() {
    this(FloatKernel.get());
  }

  /** An empty accumulator on the given kernel; for tests of each kernel. */
  StatsAccumulator(FloatKernel kernel) {
    this.kernel = kernel;
    reset();
  }

  /** Forgets everything accumulated, so the object can be reused for the next tensor. */
  public void reset() {
    count = 0;
    mean = 0;
    m2 = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
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
    for (int start = 0; start < n; start += BLOCK) {
      addBlock(values, start, Math.min(n, start + BLOCK));
    }
  }

  /**
   * One kernel pass over {@code values[from, to)} around a shift (the running mean, or for the
   * first block its first finite value), then one merge (see the class comment).
   */
  private void addBlock(float[] values, int from, int to) {
    float shift = count > 0 ? (float) mean : firstFinite(values, from, to);
    ChunkSums sums = this.sums;
    sums.clear();
    kernel.chunk(values, from, to, shift, sums);
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
      // The shift was far from this block's values for their spread: the subtraction above lost
      // digits. Again around the block's own mean; the block is still in the L1 cache.
      shift = (float) (shift + offset);
      sums.clear();
      kernel.chunk(values, from, to, shift, sums);
      offset = sums.sumOfDeviations / finite;
      blockM2 = sums.sumOfSquaredDeviations - sums.sumOfDeviations * offset;
    }
    merge(finite, shift + offset, Math.max(0, blockM2), sums.min, sums.max);
  }

  static float firstFinite(float[] values, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Float.isFinite(values[i])) {
        return values[i];
      }
    }
    return 0;
  }

  /** Adds one value. */
  public void add(float value) {
    if (Float.isNaN(value)) {
      nanCount++;
      return;
    }
    if (Float.isInfinite(value)) {
      infCount++;
      return;
    }
    double x = value;
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
    if (x == 0) {
      zeros++;
    }
  }

  /**
   * Adds everything {@code other} accumulated, as if its values had been added to this one; {@code
   * other} is left unchanged.
   */
  public void merge(StatsAccumulator other) {
    if (other.count > 0) {
      merge(other.count, other.mean, other.m2, other.min, other.max);
      zeros += other.zeros;
    }
    nanCount += other.nanCount;
    infCount += other.infCount;
  }

  /** Chan, Golub and LeVeque: folds a part with its own count, mean and m2 into the totals. */
  private void merge(
      long otherCount, double otherMean, double otherM2, double otherMin, double otherMax) {
    long total = count + otherCount;
    double delta = otherMean - mean;
    mean += delta * ((double) otherCount / total);
    m2 += otherM2 + delta * delta * ((double) count * otherCount / total);
    count = total;
    min = Math.min(min, otherMin);
    max = Math.max(max, otherMax);
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

  /** The smallest finite value, 0 when there are none. */
  public double min() {
    return count == 0 ? 0 : min;
  }

  /** The largest finite value, 0 when there are none. */
  public double max() {
    return count == 0 ? 0 : max;
  }

  /** The fraction of finite values that are exactly zero (either sign), 0 when there are none. */
  public double zeroFraction() {
    return count == 0 ? 0 : (double) zeros / count;
  }

  /** The number of NaN values added. */
  public long nanCount() {
    return nanCount;
  }

  /** The number of infinite values added. */
  public long infCount() {
    return infCount;
  }

  /** An immutable snapshot of the statistics so far. */
  public TensorSummary toSummary() {
    return new TensorSummary(
        count, mean(), variance(), min(), max(), zeroFraction(), nanCount, infCount);
  }
}
