package dev.neuronwatch.settings;

import java.time.Duration;
import java.util.Locale;

/**
 * The checks every configuration record runs in its constructor; each failure is an {@link
 * InvalidSettingException} naming the setting and the rejected value, worded the same way
 * everywhere ({@code "hold must be at least 1, was 0"}).
 *
 * <pre>{@code
 * Check.atLeast("sampleEvery", sampleEvery, 1);
 * Check.closed("deadUnitRatio", deadUnitRatio, 0, 1);
 * Check.positive("flushInterval", flushInterval);
 * }</pre>
 */
public final class Check {
  private Check() {}

  /** Returns {@code value}; refuses null. */
  public static <T> T required(String setting, T value) {
    if (value == null) {
      throw new InvalidSettingException(setting, "is required");
    }
    return value;
  }

  public static void atLeast(String setting, long value, long min) {
    if (value < min) {
      throw new InvalidSettingException(setting, "must be at least " + min + ", was " + value);
    }
  }

  public static void atMost(String setting, long value, long max) {
    if (value > max) {
      throw new InvalidSettingException(setting, "must be at most " + max + ", was " + value);
    }
  }

  /** In [min, max]. */
  public static void closed(String setting, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidSettingException(
          setting, "must be in [" + min + ", " + max + "], was " + value);
    }
  }

  public static void finite(String setting, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidSettingException(setting, "must be a finite number, was " + value);
    }
  }

  /** Finite and at least {@code min}. */
  public static void atLeast(String setting, double value, double min) {
    finite(setting, value);
    if (value < min) {
      throw new InvalidSettingException(
          setting, "must be at least " + bound(min) + ", was " + value);
    }
  }

  /** Finite and above 0. */
  public static void positive(String setting, double value) {
    finite(setting, value);
    if (value <= 0) {
      throw new InvalidSettingException(setting, "must be a positive number, was " + value);
    }
  }

  /** Finite and in [min, max]. */
  public static void closed(String setting, double value, double min, double max) {
    interval(setting, value, min, true, max, true);
  }

  /** Finite and in [min, max). */
  public static void halfOpen(String setting, double value, double min, double max) {
    interval(setting, value, min, true, max, false);
  }

  /** Finite and in (min, max). */
  public static void open(String setting, double value, double min, double max) {
    interval(setting, value, min, false, max, false);
  }

  /** Present and above zero. */
  public static void positive(String setting, Duration value) {
    required(setting, value);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingException(setting, "must be positive, was " + value);
    }
  }

  /** Present and not below zero. */
  public static void notNegative(String setting, Duration value) {
    required(setting, value);
    if (value.isNegative()) {
      throw new InvalidSettingException(setting, "must not be negative, was " + value);
    }
  }

  /**
   * Null (no token) or a bearer token: it travels in an HTTP header, so visible ASCII only, no
   * spaces or controls.
   */
  public static void bearerToken(String setting, String token) {
    if (token == null) {
      return;
    }
    if (token.isEmpty()) {
      throw new InvalidSettingException(setting, "must not be empty (null means none)");
    }
    if (!token.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new InvalidSettingException(setting, "must be visible ASCII characters without spaces");
    }
  }

  private static void interval(
      String setting, double value, double min, boolean minIn, double max, boolean maxIn) {
    finite(setting, value);
    boolean ok = (minIn ? value >= min : value > min) && (maxIn ? value <= max : value < max);
    if (!ok) {
      String range = (minIn ? "[" : "(") + bound(min) + ", " + bound(max) + (maxIn ? "]" : ")");
      throw new InvalidSettingException(setting, "must be in " + range + ", was " + value);
    }
  }

  /** A bound as people write it: {@code 1}, not {@code 1.0}. */
  static String bound(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e6
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
