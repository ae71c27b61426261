package dev.neuronwatch.server.rules.prometheus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Numbers and durations written the way a person writes them in PromQL and rule files: {@code 0.5},
 * {@code 100}, {@code 1e-3}, {@code 10s}, {@code 2m}. Exact: the text parses back to the same
 * double, so a rendered threshold is the configured one.
 */
final class PromqlLiteral {
  private PromqlLiteral() {}

  /**
   * The shorter of the plain decimal and the scientific form of the shortest text that round-trips
   * {@code value} (plain on a tie): {@code 0.001} reads {@code 1e-3}, {@code 100} stays {@code
   * 100}.
   */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    String plain = decimal.toPlainString();
    String scientific = scientific(decimal);
    return scientific.length() < plain.length() ? scientific : plain;
  }

  /** A fraction as a percentage without needless digits: {@code 0.5} reads {@code 50%}. */
  static String percent(double fraction) {
    BigDecimal percent =
        new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros();
    return (percent.signum() == 0 ? "0" : percent.toPlainString()) + "%";
  }

  /** A Prometheus duration in whole seconds: minutes when they divide evenly, else seconds. */
  static String duration(Duration duration) {
    if (duration.isNegative() || duration.getNano() != 0) {
      throw new IllegalArgumentException(
          "duration must be a non-negative whole number of seconds, was " + duration);
    }
    long seconds = duration.getSeconds();
    return seconds != 0 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static String scientific(BigDecimal decimal) {
    BigInteger unscaled = decimal.unscaledValue();
    String digits = unscaled.abs().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (unscaled.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
  }
}
