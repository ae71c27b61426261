package dev.neuronwatch.server.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds and holds of the alert rules. Immutable; every default lives in the {@code
 * DEFAULT_*} constants of this class and nowhere else.
 *
 * <pre>{@code
 * RuleSettings settings = RuleSettings.builder().hold(5).deadUnitRatio(0.6).build();
 * String thresholds = settings.describe();
 * }</pre>
 */
public final class RuleSettings {
  /** Consecutive samples a condition must hold to fire, and must not hold to resolve. */
  public static final int DEFAULT_HOLD = 3;

  /** Consecutive samples with non-finite values before that alert fires: a NaN is never noise. */
  public static final int DEFAULT_NON_FINITE_HOLD = 1;

  /** NeuronwatchDyingRelu: dead-unit fraction above which a ReLU-family layer is dying. */
  public static final double DEFAULT_DEAD_UNIT_RATIO = 0.5;

  /** NeuronwatchVanishingGradient (a): weight-gradient norm over the deepest layer's, below. */
  public static final double DEFAULT_VANISHING_DEPTH_RATIO = 1e-3;

  /**
   * NeuronwatchVanishingGradient (b): mean absolute weight gradient below (SageMaker's default).
   */
  public static final double DEFAULT_VANISHING_MEAN_ABS = 1e-7;

  /** NeuronwatchVanishingGradient (c): weight-gradient norm over the layer's peak in the run. */
  public static final double DEFAULT_VANISHING_DECAY_RATIO = 1e-4;

  /** NeuronwatchExplodingGradient (a): weight-gradient norm over the layer's first, above. */
  public static final double DEFAULT_EXPLODING_GROWTH_RATIO = 100;

  /** NeuronwatchExplodingGradient (b): weight-gradient norm over the deepest layer's, above. */
  public static final double DEFAULT_EXPLODING_DEPTH_RATIO = 1e3;

  /** NeuronwatchSaturatedActivations: saturated-output fraction above which a layer alerts. */
  public static final double DEFAULT_SATURATION_RATIO = 0.5;

  /** Whether softmax layers count for NeuronwatchSaturatedActivations. */
  public static final boolean DEFAULT_INCLUDE_SOFTMAX = false;

  private static final RuleSettings DEFAULTS = builder().build();

  private final int hold;
  private final int nonFiniteHold;
  private final double deadUnitRatio;
  private final double vanishingDepthRatio;
  private final double vanishingMeanAbs;
  private final double vanishingDecayRatio;
  private final double explodingGrowthRatio;
  private final double explodingDepthRatio;
  private final double saturationRatio;
  private final boolean includeSoftmax;

  private RuleSettings(Builder b) {
    hold = b.hold;
    nonFiniteHold = b.nonFiniteHold;
    deadUnitRatio = b.deadUnitRatio;
    vanishingDepthRatio = b.vanishingDepthRatio;
    vanishingMeanAbs = b.vanishingMeanAbs;
    vanishingDecayRatio = b.vanishingDecayRatio;
    explodingGrowthRatio = b.explodingGrowthRatio;
    explodingDepthRatio = b.explodingDepthRatio;
    saturationRatio = b.saturationRatio;
    includeSoftmax = b.includeSoftmax;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The settings with every default. */
  public static RuleSettings defaults() {
    return DEFAULTS;
  }

  public int hold() {
    return hold;
  }

  public int nonFiniteHold() {
    return nonFiniteHold;
  }

  public double deadUnitRatio() {
    return deadUnitRatio;
  }

  public double vanishingDepthRatio() {
    return vanishingDepthRatio;
  }

  public double vanishingMeanAbs() {
    return vanishingMeanAbs;
  }

  public double vanishingDecayRatio() {
    return vanishingDecayRatio;
  }

  public double explodingGrowthRatio() {
    return explodingGrowthRatio;
  }

  public double explodingDepthRatio() {
    return explodingDepthRatio;
  }

  public double saturationRatio() {
    return saturationRatio;
  }

  public boolean includeSoftmax() {
    return includeSoftmax;
  }

  /**
   * Every setting by the name its builder method and the YAML configuration use, in a stable order.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("hold", hold);
    map.put("nonFiniteHold", nonFiniteHold);
    map.put("deadUnitRatio", deadUnitRatio);
    map.put("vanishingDepthRatio", vanishingDepthRatio);
    map.put("vanishingMeanAbs", vanishingMeanAbs);
    map.put("vanishingDecayRatio", vanishingDecayRatio);
    map.put("explodingGrowthRatio", explodingGrowthRatio);
    map.put("explodingDepthRatio", explodingDepthRatio);
    map.put("saturationRatio", saturationRatio);
    map.put("includeSoftmax", includeSoftmax);
    return Collections.unmodifiableMap(map);
  }

  /** One line per setting, {@code name = value}, for help texts and startup logs. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    asMap()
        .forEach(
            (name, value) ->
                text.append(name)
                    .append(" = ")
                    .append(value instanceof Double d ? format(d) : value)
                    .append('\n'));
    return text.toString();
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e6
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuleSettings that && asMap().equals(that.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return "RuleSettings" + asMap();
  }

  /** Builds {@link RuleSettings}; starts from the defaults. */
  public static final class Builder {
    private int hold = DEFAULT_HOLD;
    private int nonFiniteHold = DEFAULT_NON_FINITE_HOLD;
    private double deadUnitRatio = DEFAULT_DEAD_UNIT_RATIO;
    private double vanishingDepthRatio = DEFAULT_VANISHING_DEPTH_RATIO;
    private double vanishingMeanAbs = DEFAULT_VANISHING_MEAN_ABS;
    private double vanishingDecayRatio = DEFAULT_VANISHING_DECAY_RATIO;
    private double explodingGrowthRatio = DEFAULT_EXPLODING_GROWTH_RATIO;
    private double explodingDepthRatio = DEFAULT_EXPLODING_DEPTH_RATIO;
    private double saturationRatio = DEFAULT_SATURATION_RATIO;
    private boolean includeSoftmax = DEFAULT_INCLUDE_SOFTMAX;

    private Builder() {}

    /** Samples a condition must hold to fire and must not hold to resolve; at least 1. */
    public Builder hold(int hold) {
      this.hold = hold;
      return this;
    }

    /** Samples with non-finite values before NeuronwatchNonFiniteValues fires; at least 1. */
    public Builder nonFiniteHold(int nonFiniteHold) {
      this.nonFiniteHold = nonFiniteHold;
      return this;
    }

    /** Dead-unit fraction above which a ReLU-family layer is dying; in [0, 1]. */
    public Builder deadUnitRatio(double deadUnitRatio) {
      this.deadUnitRatio = deadUnitRatio;
      return this;
    }

    /** Depth ratio below which a gradient vanishes; in [0, 1), 0 disables the check. */
    public Builder vanishingDepthRatio(double vanishingDepthRatio) {
      this.vanishingDepthRatio = vanishingDepthRatio;
      return this;
    }

    /** Mean absolute weight gradient below which it vanishes; at least 0, 0 disables. */
    public Builder vanishingMeanAbs(double vanishingMeanAbs) {
      this.vanishingMeanAbs = vanishingMeanAbs;
      return this;
    }

    /** Fraction of the layer's peak norm below which it vanishes; in [0, 1), 0 disables. */
    public Builder vanishingDecayRatio(double vanishingDecayRatio) {
      this.vanishingDecayRatio = vanishingDecayRatio;
      return this;
    }

    /** Growth over the layer's first norm above which a gradient explodes; at least 1. */
    public Builder explodingGrowthRatio(double explodingGrowthRatio) {
      this.explodingGrowthRatio = explodingGrowthRatio;
      return this;
    }

    /** Depth ratio above which a gradient explodes; at least 1. */
    public Builder explodingDepthRatio(double explodingDepthRatio) {
      this.explodingDepthRatio = explodingDepthRatio;
      return this;
    }

    /** Saturated-output fraction above which a layer alerts; in [0, 1]. */
    public Builder saturationRatio(double saturationRatio) {
      this.saturationRatio = saturationRatio;
      return this;
    }

    /** Whether softmax layers (other than the deepest) count as saturating. */
    public Builder includeSoftmax(boolean includeSoftmax) {
      this.includeSoftmax = includeSoftmax;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is out of range
     */
    public RuleSettings build() {
      atLeastOne("hold", hold);
      atLeastOne("nonFiniteHold", nonFiniteHold);
      inRange("deadUnitRatio", deadUnitRatio, 0, 1, true);
      inRange("vanishingDepthRatio", vanishingDepthRatio, 0, 1, false);
      inRange("vanishingMeanAbs", vanishingMeanAbs, 0, Double.MAX_VALUE, true);
      inRange("vanishingDecayRatio", vanishingDecayRatio, 0, 1, false);
      inRange("explodingGrowthRatio", explodingGrowthRatio, 1, Double.MAX_VALUE, true);
      inRange("explodingDepthRatio", explodingDepthRatio, 1, Double.MAX_VALUE, true);
      inRange("saturationRatio", saturationRatio, 0, 1, true);
      return new RuleSettings(this);
    }

    private static void atLeastOne(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " must be at least 1, was " + value);
      }
    }

    private static void inRange(
        String field, double value, double min, double max, boolean maxIncluded) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(field + " must be a finite number, was " + value);
      }
      boolean ok = value >= min && (maxIncluded ? value <= max : value < max);
      if (!ok) {
        String upper =
            max == Double.MAX_VALUE ? "" : ", " + format(max) + (maxIncluded ? "]" : ")");
        String range = upper.isEmpty() ? "at least " + format(min) : "in [" + format(min) + upper;
        throw new IllegalArgumentException(field + " must be " + range + ", was " + value);
      }
    }
  }
}
