package dev.neuronwatch.detection;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics for the report: medians and worst cases of small samples.
 *
 * <pre>{@code
 * double median = Stats.median(List.of(3.0, 1.0, 2.0)); // 2.0
 * }</pre>
 */
final class Stats {
  private Stats() {}

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  static double median(Collection<? extends Number> values) {
    return median(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  /** The median of {@code values}, which it does not modify; NaN when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
