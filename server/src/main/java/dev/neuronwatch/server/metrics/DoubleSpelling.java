package dev.neuronwatch.server.metrics;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;

/**
 * A sample value spelled exactly as {@link Double#toString(double)} spells it (the spelling
 * client_java writes), about five times faster on JDK 17 for the magnitudes training values have.
 * JDK 17's {@code Double.toString} was most of the CPU of a {@code /metrics} scrape: on a page of
 * 1.5 k series it took 39% of the writing, the per-layer series being nearly all fractional values.
 *
 * <p>Within {@code [2^-70, 2^53)} in magnitude the value is spelled by Schubfach (jackson-core's
 * port of the algorithm that became {@code Double.toString} in JDK 19), whose shortest spelling is
 * the one JDK 17 gives there: JDK 17 differs from it only by extra digits, and only outside that
 * window (integers from 2^54 up, subnormals, very small or large magnitudes), which is measured,
 * not proven, and checked by {@code DoubleSpellingTest}. Every other value (and NaN, the
 * infinities, zero) goes to {@code Double.toString}.
 *
 * <pre>{@code
 * String text = DoubleSpelling.of(0.25); // "0.25"
 * }</pre>
 */
final class DoubleSpelling {
  /** The smallest magnitude spelled by Schubfach. */
  static final double FAST_MIN = 0x1p-70;

  /** The magnitude from which {@code Double.toString} spells again. */
  static final double FAST_LIMIT = 0x1p53;

  private DoubleSpelling() {}

  /** {@code Double.toString(value)}. */
  static String of(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= FAST_MIN && magnitude < FAST_LIMIT) {
      return DoubleToDecimal.toString(value);
    }
    return Double.toString(value);
  }
}
