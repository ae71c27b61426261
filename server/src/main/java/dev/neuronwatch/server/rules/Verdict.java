package dev.neuronwatch.server.rules;

/**
 * What one reading says about its alert, with hysteresis: a value must pass the FIRE threshold to
 * start or advance an alert and pass back over the CLEAR threshold to count towards resolving it.
 *
 * <pre>{@code
 * Verdict verdict = Verdict.above(dead, 0.5, 0.4); // FIRE above 0.5, CLEAR below 0.4, else KEEP
 * }</pre>
 */
public enum Verdict {
  /** The condition holds: starts a pending alert, advances it, keeps a firing one. */
  FIRE,
  /**
   * Between the clear and the fire threshold: keeps a firing alert firing (its resolve streak
   * starts over), drops a pending one, starts nothing.
   */
  KEEP,
  /** Beyond the clear threshold: counts towards resolving a firing alert, drops a pending one. */
  CLEAR,
  /**
   * Evidence that makes a pending alert fire at once (a NaN gradient while an explosion is
   * pending); keeps a firing alert firing; starts nothing.
   */
  ESCALATE;

  /** For a quantity that alerts when HIGH: FIRE above {@code fire}, CLEAR below {@code clear}. */
  public static Verdict above(double value, double fire, double clear) {
    if (value > fire) {
      return FIRE;
    }
    return value < clear ? CLEAR : KEEP;
  }

  /** For a quantity that alerts when LOW: FIRE below {@code fire}, CLEAR above {@code clear}. */
  public static Verdict below(double value, double fire, double clear) {
    if (value < fire) {
      return FIRE;
    }
    return value > clear ? CLEAR : KEEP;
  }

  /** The stronger of two verdicts on one alert: FIRE over KEEP over CLEAR. */
  Verdict or(Verdict other) {
    return ordinal() <= other.ordinal() ? this : other;
  }

  /** Both must hold to fire; either clearing clears. */
  Verdict and(Verdict other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}
