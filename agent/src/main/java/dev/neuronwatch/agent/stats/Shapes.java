package dev.neuronwatch.agent.stats;

/** Argument checks for row-major {@code batch x units} matrices stored in flat arrays. */
final class Shapes {
  private Shapes() {}

  static void requireMatrix(String name, float[] values, int batch, int units) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive, was " + batch);
    }
    if (units <= 0) {
      throw new IllegalArgumentException("units must be positive, was " + units);
    }
    long needed = (long) batch * units;
    if (values.length < needed) {
      throw new IllegalArgumentException(
          name + " holds " + values.length + " values, batch x units needs " + needed);
    }
  }
}
