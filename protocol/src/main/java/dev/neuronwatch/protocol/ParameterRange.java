package dev.neuronwatch.protocol;

/**
 * The mean and the smallest value of a learnable per-unit parameter, such as PReLU's negative
 * slopes.
 *
 * <pre>{@code
 * ParameterRange alpha = new ParameterRange(0.23, 0.05);
 * }</pre>
 */
public record ParameterRange(double mean, double min) {

  public ParameterRange {
    Checks.finite("mean", mean);
    Checks.finite("min", min);
    if (min > mean) {
      throw new InvalidFieldException("min", "must not exceed mean (" + min + " > " + mean + ")");
    }
  }
}
