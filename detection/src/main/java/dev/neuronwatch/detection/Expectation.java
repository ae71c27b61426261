package dev.neuronwatch.detection;

/**
 * What a labelled run must raise: nothing (a healthy run), or {@code alert} on any layer, with the
 * pathology's onset found by {@code onset}. {@code orBeforeNonFinite}, when not null, is a second
 * alert that also counts as a detection, but only when the agent's listener hears it before the
 * step whose loss is first non-finite (the fallback for divergences too fast to see grow); such a
 * run is labelled a divergence, and left out when its loss never becomes non-finite.
 *
 * <pre>{@code
 * Expectation dying = Expectation.alert("NeuronwatchDyingRelu", Onset.DEAD_UNITS);
 * }</pre>
 */
public record Expectation(String alert, String orBeforeNonFinite, Onset onset) {
  public static final String DYING_RELU = "NeuronwatchDyingRelu";
  public static final String VANISHING = "NeuronwatchVanishingGradient";
  public static final String EXPLODING = "NeuronwatchExplodingGradient";
  public static final String SATURATED = "NeuronwatchSaturatedActivations";
  public static final String NON_FINITE = "NeuronwatchNonFiniteValues";
  public static final String LOSS_SPIKE = "NeuronwatchLossSpike";
  public static final String FROZEN_LAYER = "NeuronwatchFrozenLayer";

  private static final Expectation HEALTHY = new Expectation(null, null, null);

  public Expectation {
    if ((alert == null) != (onset == null)) {
      throw new IllegalArgumentException("a pathology needs both an alert and an onset");
    }
    if (alert == null && orBeforeNonFinite != null) {
      throw new IllegalArgumentException("a healthy run expects no alert at all");
    }
  }

  /** No alert may fire. */
  public static Expectation healthy() {
    return HEALTHY;
  }

  /** {@code alert} must fire; the pathology starts at {@code onset}. */
  public static Expectation alert(String alert, Onset onset) {
    return new Expectation(alert, null, onset);
  }

  /** This expectation, also satisfied by {@code fallback} heard before the first NaN loss. */
  public Expectation orBeforeNonFinite(String fallback) {
    return new Expectation(alert, fallback, onset);
  }

  public boolean isHealthy() {
    return alert == null;
  }
}
