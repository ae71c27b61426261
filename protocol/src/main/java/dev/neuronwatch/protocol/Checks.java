package dev.neuronwatch.protocol;

import java.util.regex.Pattern;

/** Constructor-side validation shared by the wire records. */
final class Checks {
  /** Run and layer names: safe as Prometheus label values, in URLs and in logs. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]*");

  private Checks() {}

  static String name(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidFieldException(field, "is required");
    }
    if (value.length() > Protocol.MAX_NAME_LENGTH) {
      throw new InvalidFieldException(
          field,
          "is " + value.length() + " characters long, the limit is " + Protocol.MAX_NAME_LENGTH);
    }
    if (!NAME.matcher(value).matches()) {
      throw new InvalidFieldException(
          field,
          "must start with a letter or digit and contain only letters, digits and _ . : / -");
    }
    return value;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidFieldException(field, "must be a finite number");
    }
    return value;
  }

  static double nonNegative(String field, double value) {
    finite(field, value);
    if (value < 0) {
      throw new InvalidFieldException(field, "must not be negative, was " + value);
    }
    return value;
  }

  static Double nonNegativeOrNull(String field, Double value) {
    return value == null ? null : nonNegative(field, value);
  }

  static double fraction(String field, double value) {
    finite(field, value);
    if (value < 0 || value > 1) {
      throw new InvalidFieldException(field, "must be a fraction in [0, 1], was " + value);
    }
    return value;
  }

  static Double fractionOrNull(String field, Double value) {
    return value == null ? null : fraction(field, value);
  }

  static long count(String field, long value) {
    if (value < 0) {
      throw new InvalidFieldException(field, "must not be negative, was " + value);
    }
    return value;
  }

  /** A count of tensor elements: from 0 to 2^53. */
  static long elements(String field, long value) {
    count(field, value);
    if (value > Protocol.MAX_ELEMENTS) {
      throw new InvalidFieldException(
          field, "must be at most 2^53 (" + Protocol.MAX_ELEMENTS + ") elements, was " + value);
    }
    return value;
  }

  /**
   * Counts of one tensor's elements that together must stay within 2^53: names the first field that
   * takes the sum over, as {@code field} of {@code fields}.
   */
  static void elementsTogether(String[] fields, long... values) {
    long total = 0;
    for (int i = 0; i < values.length; i++) {
      elements(fields[i], values[i]);
      total += values[i];
      if (total > Protocol.MAX_ELEMENTS) {
        throw new InvalidFieldException(
            fields[i],
            "brings "
                + String.join(" + ", fields)
                + " above 2^53 ("
                + Protocol.MAX_ELEMENTS
                + ") elements");
      }
    }
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidFieldException(field, "is required");
    }
    return value;
  }
}
