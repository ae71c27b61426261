package dev.neuronwatch.trainer;

/**
 * Builder-side checks whose messages name the field and the rejected value, e.g. {@code "width
 * must be >= 1, was 0"}.
 *
 * <pre>{@code
 * Require.between("width", width, 1, 4096);
 * }</pre>
 */
final class Require {
  private Require() {}

  static void between(String field, long value, long min, long max) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
    if (value > max) {
      throw new IllegalArgumentException(field + " must be <= " + max + ", was " + value);
    }
  }

  static void present(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  static void finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number, was " + value);
    }
  }

  static void positive(String field, double value) {
    finite(field, value);
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
  }

  static void nonNegative(String field, double value) {
    finite(field, value);
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
  }

  /** In [0, 1). */
  static void fraction(String field, double value) {
    finite(field, value);
    if (value < 0 || value >= 1) {
      throw new IllegalArgumentException(field + " must be in [0, 1), was " + value);
    }
  }
}
