package dev.neuronwatch.model;

/**
 * Summary statistics of one tensor (a layer's outputs over a batch).
 *
 * <p>{@code count}, {@code mean}, {@code variance} (population variance), {@code min}, {@code max}
 * and {@code zeroFraction} are over the finite elements only; the non-finite ones are counted in
 * {@code nanCount} and {@code infCount}. With no finite element, mean, variance, min and max are
 * 0. The total number of elements is {@code count + nanCount + infCount}.
 *
 * <pre>{@code
 * TensorSummary s = new TensorSummary(4, 0.5, 0.25, 0, 1, 0.5, 0, 0);
 * }</pre>
 */
public record TensorSummary(
    long count,
    double mean,
    double variance,
    double min,
    double max,
    double zeroFraction,
    long nanCount,
    long infCount) {

  public TensorSummary {
    Checks.count("count", count);
    Checks.finite("mean", mean);
    Checks.nonNegative("variance", variance);
    Checks.finite("min", min);
    Checks.finite("max", max);
    if (min > max) {
      throw new InvalidFieldException("min", "must not exceed max (" + min + " > " + max + ")");
    }
    Checks.fraction("zeroFraction", zeroFraction);
    Checks.count("nanCount", nanCount);
    Checks.count("infCount", infCount);
  }

  /** The standard deviation, {@code sqrt(variance)}. */
  public double stddev() {
    return Math.sqrt(variance);
  }

  /** {@code nanCount + infCount}. */
  public long nonFiniteCount() {
    return nanCount + infCount;
  }
}
