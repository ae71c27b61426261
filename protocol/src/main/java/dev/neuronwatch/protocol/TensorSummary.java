package dev.neuronwatch.protocol;

/**
 * Summary statistics of one tensor (a layer's outputs over a batch).
 *
 * <p>{@code count}, {@code mean}, {@code variance} (population variance), {@code min}, {@code max}
 * and {@code zeroFraction} are over the finite elements only; the non-finite ones are counted in
 * {@code nanCount} and {@code infCount}. With no finite element, mean, variance, min and max are 0.
 * The total number of elements is {@code count + nanCount + infCount}, at most 2^53. The mean lies
 * within [min, max] (up to rounding: a relative 1e-6 of the range's magnitude).
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

  private static final String[] COUNTS = {"count", "nanCount", "infCount"};

  /** The rounding a mean computed in double may show beyond [min, max], relative to magnitude. */
  private static final double MEAN_SLACK = 1e-6;

  public TensorSummary {
    Checks.count("count", count);
    Checks.finite("mean", mean);
    Checks.nonNegative("variance", variance);
    Checks.finite("min", min);
    Checks.finite("max", max);
    if (min > max) {
      throw new InvalidFieldException("min", "must not exceed max (" + min + " > " + max + ")");
    }
    double slack = MEAN_SLACK * Math.max(Math.abs(min), Math.abs(max));
    if (mean < min - slack || mean > max + slack) {
      throw new InvalidFieldException(
          "mean", "must lie within [min, max] ([" + min + ", " + max + "]), was " + mean);
    }
    Checks.fraction("zeroFraction", zeroFraction);
    Checks.elementsTogether(COUNTS, count, nanCount, infCount);
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
