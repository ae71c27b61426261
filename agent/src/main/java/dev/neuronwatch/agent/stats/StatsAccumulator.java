package dev.neuronwatch.agent.stats;

import dev.neuronwatch.model.TensorSummary;

/**
 * A reusable, mutable accumulator of summary statistics over float32 data: count of finite
 * values, mean, population variance, min, max, fraction of exact zeros, and NaN and infinity
 * counts.
 *
 * <p>Mean and variance use Welford's online algorithm with {@code double} accumulators: each
 * finite value {@code x} updates {@code n += 1; delta = x - mean; mean += delta / n; m2 += delta *
 * (x - mean)}, and the variance is {@code m2 / n}. Unlike the textbook {@code E[x^2] - E[x]^2} it
 * never subtracts two large, nearly equal sums, so data far from zero (activations around 1e4
 * varying in the last float32 bits) keeps an accurate variance. The data stays float32 as the
 * network produced it; only the accumulators are double.
 *
 * <p>Partial accumulators over disjoint parts of a tensor combine with {@link
 * #merge(StatsAccumulator)} (Chan, Golub and LeVeque's parallel formula), which gives the same
 * result as one pass over the concatenation, up to rounding.
 *
 * <p>Nothing is allocated per call: reset the accumulator, feed it, then convert. Not
 * thread-safe.
 *
 * <pre>{@code
 * StatsAccumulator stats = new StatsAccumulator();
 * stats.reset();
 * stats.addAll(activations, batch * units);
 * TensorSummary summary = stats.toSummary();
 * }</pre>
 */
public final class StatsAccumulator {
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
      throw new IllegalArgumentException(
          "n must be in [0, " + values.length + "], was " + n);
    }
    for (int i = 0; i < n; i++) {
      add(values[i]);
    }
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
   * Adds everything {@code other} accumulated, as if its values had been added to this one;
   * {@code other} is left unchanged.
   */
  public void merge(StatsAccumulator other) {
    if (other.count > 0) {
      long total = count + other.count;
      double delta = other.mean - mean;
      mean += delta * ((double) other.count / total);
      m2 += other.m2 + delta * delta * ((double) count * other.count / total);
      count = total;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
      zeros += other.zeros;
    }
    nanCount += other.nanCount;
    infCount += other.infCount;
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
