package dev.neuronwatch.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: {@code 0}, {@code 500ms}, {@code 30s}, {@code
 * 10m}, {@code 2h}, or ISO-8601 ({@code PT10M}).
 *
 * <pre>{@code
 * Duration ttl = DurationText.parse("10m");
 * String text = DurationText.format(ttl); // "10m"
 * }</pre>
 */
final class DurationText {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private DurationText() {}

  /**
   * @throws IllegalArgumentException when {@code text} is none of the accepted forms
   */
  static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    Matcher simple = SIMPLE.matcher(trimmed);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      return Duration.parse(trimmed);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be a duration such as 500ms, 30s, 10m, 2h or PT10M, was '" + text + "'", e);
    }
  }

  /** The shortest exact form among {@code 0}, ms, s, m and h; ISO-8601 for anything else. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
