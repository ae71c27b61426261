package dev.neuronwatch.server.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds and holds of the alert rules. Immutable; every default lives in the {@code
 * DEFAULT_*} constants of this class and nowhere else.
 *
 * <p>Every threshold comes as a pair: the FIRE value a reading must pass for its alert to become
 * pending and fire, and the CLEAR value (on the safe side of it) a reading must pass back for a
 * firing alert to count towards resolving. A reading between the two keeps a firing alert firing
 * and resets its resolve streak, so a value hovering at a threshold does not flap. Holds count
 * consecutive samples: {@code hold} to fire, {@code resolveHold} (longer) to resolve.
 *
 * <pre>{@code
 * RuleSettings settings = RuleSettings.builder().hold(5).deadUnitRatio(0.6).build();
 * String thresholds = settings.describe();
 * }</pre>
 */
public final class RuleSettings {
  /** Consecutive samples a condition must hold (beyond its fire threshold) to fire. */
  public static final int DEFAULT_HOLD = 3;

  /** Consecutive samples beyond the clear threshold that resolve a firing alert; longer than {@code hold} so that an alert does not flap. */
  public static final int DEFAULT_RESOLVE_HOLD = 6;

  /** Samples with non-finite values before NeuronwatchNonFiniteValues fires: a NaN is never noise. */
  public static final int DEFAULT_NON_FINITE_HOLD = 1;

  /**
   * Consecutive samples with a loss spike before NeuronwatchLossSpike fires. The agent samples
   * every step after a spike, so these are consecutive steps: one hard minibatch of a converged
   * run (measured on healthy runs: a batch at 10x the median, the next ones normal) does not fire,
   * an instability that lasts does (as LLM Foundry's check asks a spike to last 5 steps).
   */
  public static final int DEFAULT_LOSS_SPIKE_HOLD = 3;

  /** NeuronwatchDyingRelu fires above this dead-unit fraction (ReLU layers). */
  public static final double DEFAULT_DEAD_UNIT_RATIO = 0.5;

  /** NeuronwatchDyingRelu clears below this dead-unit fraction. */
  public static final double DEFAULT_DEAD_UNIT_CLEAR_RATIO = 0.4;

  /** NeuronwatchVanishingGradient, across depth: weight-gradient norm over the deepest layer's below this fires (0 disables). */
  public static final double DEFAULT_VANISHING_DEPTH_RATIO = 1e-3;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_DEPTH_CLEAR_RATIO = 3e-3;

  /** NeuronwatchVanishingGradient, absolute floor (only while learning has stalled): mean |weight gradient| below this fires (SageMaker Debugger's default; 0 disables). */
  public static final double DEFAULT_VANISHING_MEAN_ABS = 1e-7;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_MEAN_ABS_CLEAR = 3e-7;

  /** NeuronwatchVanishingGradient, over time (only while learning has stalled): norm over the layer's peak in the run below this fires (0 disables). */
  public static final double DEFAULT_VANISHING_DECAY_RATIO = 1e-4;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_DECAY_CLEAR_RATIO = 3e-4;

  /** Learning has stalled while the median of the loss window is above this fraction of the run's loss scale ({@code lossWindow.first}, the median of its first losses); without a loss window it never counts as stalled. */
  public static final double DEFAULT_STALLED_LOSS_RATIO = 0.5;

  /** NeuronwatchExplodingGradient, over time: weight-gradient norm over the median of the layer's recent norms above this fires. */
  public static final double DEFAULT_EXPLODING_GROWTH_RATIO = 100;

  /** ... and below this clears. */
  public static final double DEFAULT_EXPLODING_GROWTH_CLEAR_RATIO = 10;

  /** NeuronwatchExplodingGradient, across depth: norm over the deepest layer's above this fires. */
  public static final double DEFAULT_EXPLODING_DEPTH_RATIO = 1e3;

  /** ... and below this clears. */
  public static final double DEFAULT_EXPLODING_DEPTH_CLEAR_RATIO = 1e2;

  /** NeuronwatchSaturatedActivations: saturated-output fraction above this fires (with a collapsed gain). */
  public static final double DEFAULT_SATURATION_RATIO = 0.5;

  /** ... and below this clears. */
  public static final double DEFAULT_SATURATION_CLEAR_RATIO = 0.4;

  /** NeuronwatchSaturatedActivations fires only while the activation's gain (when the agent measures it) is below this. */
  public static final double DEFAULT_ACTIVATION_GAIN = 0.3;

  /** ... and clears once the gain is above this. */
  public static final double DEFAULT_ACTIVATION_GAIN_CLEAR = 0.4;

  /** Whether softmax hidden layers count for NeuronwatchSaturatedActivations. */
  public static final boolean DEFAULT_INCLUDE_SOFTMAX = true;

  /** NeuronwatchLossSpike: the loss must exceed the window median by this many robust standard deviations (1.4826 MAD). */
  public static final double DEFAULT_LOSS_SPIKE_SIGMA = 8;

  /** ... and clears below median + this many. */
  public static final double DEFAULT_LOSS_SPIKE_CLEAR_SIGMA = 4;

  /** NeuronwatchLossSpike: the loss must also exceed this multiple of the window median (when positive). */
  public static final double DEFAULT_LOSS_SPIKE_RATIO = 3;

  /** ... and clears below this multiple. */
  public static final double DEFAULT_LOSS_SPIKE_CLEAR_RATIO = 1.5;

  /** NeuronwatchLossSpike: the excess over the median must also exceed this fraction of the run's loss scale (the median of its first losses, the untrained net's loss): half the way back to where training started. */
  public static final double DEFAULT_LOSS_SPIKE_OF_FIRST = 0.5;

  /** ... and clears below this fraction. */
  public static final double DEFAULT_LOSS_SPIKE_CLEAR_OF_FIRST = 0.2;

  /** NeuronwatchLossSpike judges a loss only against a window of at least this many steps. */
  public static final int DEFAULT_LOSS_SPIKE_MIN_COUNT = 32;

  /**
   * NeuronwatchLossSpike resolves only once the loss has stayed below its clear threshold for this
   * many steps (and {@link #DEFAULT_RESOLVE_HOLD} samples): a spiking loss is jagged, and one
   * episode should be one alert, however densely the agent samples it.
   */
  public static final int DEFAULT_LOSS_SPIKE_RESOLVE_STEPS = 100;

  /** NeuronwatchFrozenLayer: update-to-weight ratio below this (SageMaker's threshold) fires while another layer of the sample updates above it. */
  public static final double DEFAULT_FROZEN_UPDATE_RATIO = 1e-8;

  /** ... and above this clears. */
  public static final double DEFAULT_FROZEN_UPDATE_CLEAR_RATIO = 1e-7;

  private static final RuleSettings DEFAULTS = builder().build();

  private final int hold;
  private final int resolveHold;
  private final int nonFiniteHold;
  private final int lossSpikeHold;
  private final double deadUnitRatio;
  private final double deadUnitClearRatio;
  private final double vanishingDepthRatio;
  private final double vanishingDepthClearRatio;
  private final double vanishingMeanAbs;
  private final double vanishingMeanAbsClear;
  private final double vanishingDecayRatio;
  private final double vanishingDecayClearRatio;
  private final double stalledLossRatio;
  private final double explodingGrowthRatio;
  private final double explodingGrowthClearRatio;
  private final double explodingDepthRatio;
  private final double explodingDepthClearRatio;
  private final double saturationRatio;
  private final double saturationClearRatio;
  private final double activationGain;
  private final double activationGainClear;
  private final boolean includeSoftmax;
  private final double lossSpikeSigma;
  private final double lossSpikeClearSigma;
  private final double lossSpikeRatio;
  private final double lossSpikeClearRatio;
  private final double lossSpikeOfFirst;
  private final double lossSpikeClearOfFirst;
  private final int lossSpikeMinCount;
  private final int lossSpikeResolveSteps;
  private final double frozenUpdateRatio;
  private final double frozenUpdateClearRatio;

  private RuleSettings(Builder b) {
    hold = b.hold;
    resolveHold = b.resolveHold;
    nonFiniteHold = b.nonFiniteHold;
    lossSpikeHold = b.lossSpikeHold;
    deadUnitRatio = b.deadUnitRatio;
    deadUnitClearRatio = b.deadUnitClearRatio;
    vanishingDepthRatio = b.vanishingDepthRatio;
    vanishingDepthClearRatio = b.vanishingDepthClearRatio;
    vanishingMeanAbs = b.vanishingMeanAbs;
    vanishingMeanAbsClear = b.vanishingMeanAbsClear;
    vanishingDecayRatio = b.vanishingDecayRatio;
    vanishingDecayClearRatio = b.vanishingDecayClearRatio;
    stalledLossRatio = b.stalledLossRatio;
    explodingGrowthRatio = b.explodingGrowthRatio;
    explodingGrowthClearRatio = b.explodingGrowthClearRatio;
    explodingDepthRatio = b.explodingDepthRatio;
    explodingDepthClearRatio = b.explodingDepthClearRatio;
    saturationRatio = b.saturationRatio;
    saturationClearRatio = b.saturationClearRatio;
    activationGain = b.activationGain;
    activationGainClear = b.activationGainClear;
    includeSoftmax = b.includeSoftmax;
    lossSpikeSigma = b.lossSpikeSigma;
    lossSpikeClearSigma = b.lossSpikeClearSigma;
    lossSpikeRatio = b.lossSpikeRatio;
    lossSpikeClearRatio = b.lossSpikeClearRatio;
    lossSpikeOfFirst = b.lossSpikeOfFirst;
    lossSpikeClearOfFirst = b.lossSpikeClearOfFirst;
    lossSpikeMinCount = b.lossSpikeMinCount;
    lossSpikeResolveSteps = b.lossSpikeResolveSteps;
    frozenUpdateRatio = b.frozenUpdateRatio;
    frozenUpdateClearRatio = b.frozenUpdateClearRatio;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The settings with every default. */
  public static RuleSettings defaults() {
    return DEFAULTS;
  }

  /** See {@link #DEFAULT_HOLD}. */
  public int hold() {
    return hold;
  }

  /** See {@link #DEFAULT_RESOLVE_HOLD}. */
  public int resolveHold() {
    return resolveHold;
  }

  /** See {@link #DEFAULT_NON_FINITE_HOLD}. */
  public int nonFiniteHold() {
    return nonFiniteHold;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_HOLD}. */
  public int lossSpikeHold() {
    return lossSpikeHold;
  }

  /** See {@link #DEFAULT_DEAD_UNIT_RATIO}. */
  public double deadUnitRatio() {
    return deadUnitRatio;
  }

  /** See {@link #DEFAULT_DEAD_UNIT_CLEAR_RATIO}. */
  public double deadUnitClearRatio() {
    return deadUnitClearRatio;
  }

  /** See {@link #DEFAULT_VANISHING_DEPTH_RATIO}. */
  public double vanishingDepthRatio() {
    return vanishingDepthRatio;
  }

  /** See {@link #DEFAULT_VANISHING_DEPTH_CLEAR_RATIO}. */
  public double vanishingDepthClearRatio() {
    return vanishingDepthClearRatio;
  }

  /** See {@link #DEFAULT_VANISHING_MEAN_ABS}. */
  public double vanishingMeanAbs() {
    return vanishingMeanAbs;
  }

  /** See {@link #DEFAULT_VANISHING_MEAN_ABS_CLEAR}. */
  public double vanishingMeanAbsClear() {
    return vanishingMeanAbsClear;
  }

  /** See {@link #DEFAULT_VANISHING_DECAY_RATIO}. */
  public double vanishingDecayRatio() {
    return vanishingDecayRatio;
  }

  /** See {@link #DEFAULT_VANISHING_DECAY_CLEAR_RATIO}. */
  public double vanishingDecayClearRatio() {
    return vanishingDecayClearRatio;
  }

  /** See {@link #DEFAULT_STALLED_LOSS_RATIO}. */
  public double stalledLossRatio() {
    return stalledLossRatio;
  }

  /** See {@link #DEFAULT_EXPLODING_GROWTH_RATIO}. */
  public double explodingGrowthRatio() {
    return explodingGrowthRatio;
  }

  /** See {@link #DEFAULT_EXPLODING_GROWTH_CLEAR_RATIO}. */
  public double explodingGrowthClearRatio() {
    return explodingGrowthClearRatio;
  }

  /** See {@link #DEFAULT_EXPLODING_DEPTH_RATIO}. */
  public double explodingDepthRatio() {
    return explodingDepthRatio;
  }

  /** See {@link #DEFAULT_EXPLODING_DEPTH_CLEAR_RATIO}. */
  public double explodingDepthClearRatio() {
    return explodingDepthClearRatio;
  }

  /** See {@link #DEFAULT_SATURATION_RATIO}. */
  public double saturationRatio() {
    return saturationRatio;
  }

  /** See {@link #DEFAULT_SATURATION_CLEAR_RATIO}. */
  public double saturationClearRatio() {
    return saturationClearRatio;
  }

  /** See {@link #DEFAULT_ACTIVATION_GAIN}. */
  public double activationGain() {
    return activationGain;
  }

  /** See {@link #DEFAULT_ACTIVATION_GAIN_CLEAR}. */
  public double activationGainClear() {
    return activationGainClear;
  }

  /** See {@link #DEFAULT_INCLUDE_SOFTMAX}. */
  public boolean includeSoftmax() {
    return includeSoftmax;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_SIGMA}. */
  public double lossSpikeSigma() {
    return lossSpikeSigma;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_CLEAR_SIGMA}. */
  public double lossSpikeClearSigma() {
    return lossSpikeClearSigma;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_RATIO}. */
  public double lossSpikeRatio() {
    return lossSpikeRatio;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_CLEAR_RATIO}. */
  public double lossSpikeClearRatio() {
    return lossSpikeClearRatio;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_OF_FIRST}. */
  public double lossSpikeOfFirst() {
    return lossSpikeOfFirst;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_CLEAR_OF_FIRST}. */
  public double lossSpikeClearOfFirst() {
    return lossSpikeClearOfFirst;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_MIN_COUNT}. */
  public int lossSpikeMinCount() {
    return lossSpikeMinCount;
  }

  /** See {@link #DEFAULT_LOSS_SPIKE_RESOLVE_STEPS}. */
  public int lossSpikeResolveSteps() {
    return lossSpikeResolveSteps;
  }

  /** See {@link #DEFAULT_FROZEN_UPDATE_RATIO}. */
  public double frozenUpdateRatio() {
    return frozenUpdateRatio;
  }

  /** See {@link #DEFAULT_FROZEN_UPDATE_CLEAR_RATIO}. */
  public double frozenUpdateClearRatio() {
    return frozenUpdateClearRatio;
  }

  /**
   * Every setting by the name its builder method and the YAML configuration use, in a stable order.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("hold", hold);
    map.put("resolveHold", resolveHold);
    map.put("nonFiniteHold", nonFiniteHold);
    map.put("lossSpikeHold", lossSpikeHold);
    map.put("deadUnitRatio", deadUnitRatio);
    map.put("deadUnitClearRatio", deadUnitClearRatio);
    map.put("vanishingDepthRatio", vanishingDepthRatio);
    map.put("vanishingDepthClearRatio", vanishingDepthClearRatio);
    map.put("vanishingMeanAbs", vanishingMeanAbs);
    map.put("vanishingMeanAbsClear", vanishingMeanAbsClear);
    map.put("vanishingDecayRatio", vanishingDecayRatio);
    map.put("vanishingDecayClearRatio", vanishingDecayClearRatio);
    map.put("stalledLossRatio", stalledLossRatio);
    map.put("explodingGrowthRatio", explodingGrowthRatio);
    map.put("explodingGrowthClearRatio", explodingGrowthClearRatio);
    map.put("explodingDepthRatio", explodingDepthRatio);
    map.put("explodingDepthClearRatio", explodingDepthClearRatio);
    map.put("saturationRatio", saturationRatio);
    map.put("saturationClearRatio", saturationClearRatio);
    map.put("activationGain", activationGain);
    map.put("activationGainClear", activationGainClear);
    map.put("includeSoftmax", includeSoftmax);
    map.put("lossSpikeSigma", lossSpikeSigma);
    map.put("lossSpikeClearSigma", lossSpikeClearSigma);
    map.put("lossSpikeRatio", lossSpikeRatio);
    map.put("lossSpikeClearRatio", lossSpikeClearRatio);
    map.put("lossSpikeOfFirst", lossSpikeOfFirst);
    map.put("lossSpikeClearOfFirst", lossSpikeClearOfFirst);
    map.put("lossSpikeMinCount", lossSpikeMinCount);
    map.put("lossSpikeResolveSteps", lossSpikeResolveSteps);
    map.put("frozenUpdateRatio", frozenUpdateRatio);
    map.put("frozenUpdateClearRatio", frozenUpdateClearRatio);
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
    private int resolveHold = DEFAULT_RESOLVE_HOLD;
    private int nonFiniteHold = DEFAULT_NON_FINITE_HOLD;
    private int lossSpikeHold = DEFAULT_LOSS_SPIKE_HOLD;
    private double deadUnitRatio = DEFAULT_DEAD_UNIT_RATIO;
    private double deadUnitClearRatio = DEFAULT_DEAD_UNIT_CLEAR_RATIO;
    private double vanishingDepthRatio = DEFAULT_VANISHING_DEPTH_RATIO;
    private double vanishingDepthClearRatio = DEFAULT_VANISHING_DEPTH_CLEAR_RATIO;
    private double vanishingMeanAbs = DEFAULT_VANISHING_MEAN_ABS;
    private double vanishingMeanAbsClear = DEFAULT_VANISHING_MEAN_ABS_CLEAR;
    private double vanishingDecayRatio = DEFAULT_VANISHING_DECAY_RATIO;
    private double vanishingDecayClearRatio = DEFAULT_VANISHING_DECAY_CLEAR_RATIO;
    private double stalledLossRatio = DEFAULT_STALLED_LOSS_RATIO;
    private double explodingGrowthRatio = DEFAULT_EXPLODING_GROWTH_RATIO;
    private double explodingGrowthClearRatio = DEFAULT_EXPLODING_GROWTH_CLEAR_RATIO;
    private double explodingDepthRatio = DEFAULT_EXPLODING_DEPTH_RATIO;
    private double explodingDepthClearRatio = DEFAULT_EXPLODING_DEPTH_CLEAR_RATIO;
    private double saturationRatio = DEFAULT_SATURATION_RATIO;
    private double saturationClearRatio = DEFAULT_SATURATION_CLEAR_RATIO;
    private double activationGain = DEFAULT_ACTIVATION_GAIN;
    private double activationGainClear = DEFAULT_ACTIVATION_GAIN_CLEAR;
    private boolean includeSoftmax = DEFAULT_INCLUDE_SOFTMAX;
    private double lossSpikeSigma = DEFAULT_LOSS_SPIKE_SIGMA;
    private double lossSpikeClearSigma = DEFAULT_LOSS_SPIKE_CLEAR_SIGMA;
    private double lossSpikeRatio = DEFAULT_LOSS_SPIKE_RATIO;
    private double lossSpikeClearRatio = DEFAULT_LOSS_SPIKE_CLEAR_RATIO;
    private double lossSpikeOfFirst = DEFAULT_LOSS_SPIKE_OF_FIRST;
    private double lossSpikeClearOfFirst = DEFAULT_LOSS_SPIKE_CLEAR_OF_FIRST;
    private int lossSpikeMinCount = DEFAULT_LOSS_SPIKE_MIN_COUNT;
    private int lossSpikeResolveSteps = DEFAULT_LOSS_SPIKE_RESOLVE_STEPS;
    private double frozenUpdateRatio = DEFAULT_FROZEN_UPDATE_RATIO;
    private double frozenUpdateClearRatio = DEFAULT_FROZEN_UPDATE_CLEAR_RATIO;

    private Builder() {}

    /** See {@link RuleSettings#DEFAULT_HOLD}. */
    public Builder hold(int hold) {
      this.hold = hold;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_RESOLVE_HOLD}. */
    public Builder resolveHold(int resolveHold) {
      this.resolveHold = resolveHold;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_NON_FINITE_HOLD}. */
    public Builder nonFiniteHold(int nonFiniteHold) {
      this.nonFiniteHold = nonFiniteHold;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_HOLD}. */
    public Builder lossSpikeHold(int lossSpikeHold) {
      this.lossSpikeHold = lossSpikeHold;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_DEAD_UNIT_RATIO}. */
    public Builder deadUnitRatio(double deadUnitRatio) {
      this.deadUnitRatio = deadUnitRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_DEAD_UNIT_CLEAR_RATIO}. */
    public Builder deadUnitClearRatio(double deadUnitClearRatio) {
      this.deadUnitClearRatio = deadUnitClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_DEPTH_RATIO}. */
    public Builder vanishingDepthRatio(double vanishingDepthRatio) {
      this.vanishingDepthRatio = vanishingDepthRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_DEPTH_CLEAR_RATIO}. */
    public Builder vanishingDepthClearRatio(double vanishingDepthClearRatio) {
      this.vanishingDepthClearRatio = vanishingDepthClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_MEAN_ABS}. */
    public Builder vanishingMeanAbs(double vanishingMeanAbs) {
      this.vanishingMeanAbs = vanishingMeanAbs;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_MEAN_ABS_CLEAR}. */
    public Builder vanishingMeanAbsClear(double vanishingMeanAbsClear) {
      this.vanishingMeanAbsClear = vanishingMeanAbsClear;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_DECAY_RATIO}. */
    public Builder vanishingDecayRatio(double vanishingDecayRatio) {
      this.vanishingDecayRatio = vanishingDecayRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_VANISHING_DECAY_CLEAR_RATIO}. */
    public Builder vanishingDecayClearRatio(double vanishingDecayClearRatio) {
      this.vanishingDecayClearRatio = vanishingDecayClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_STALLED_LOSS_RATIO}. */
    public Builder stalledLossRatio(double stalledLossRatio) {
      this.stalledLossRatio = stalledLossRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_EXPLODING_GROWTH_RATIO}. */
    public Builder explodingGrowthRatio(double explodingGrowthRatio) {
      this.explodingGrowthRatio = explodingGrowthRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_EXPLODING_GROWTH_CLEAR_RATIO}. */
    public Builder explodingGrowthClearRatio(double explodingGrowthClearRatio) {
      this.explodingGrowthClearRatio = explodingGrowthClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_EXPLODING_DEPTH_RATIO}. */
    public Builder explodingDepthRatio(double explodingDepthRatio) {
      this.explodingDepthRatio = explodingDepthRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_EXPLODING_DEPTH_CLEAR_RATIO}. */
    public Builder explodingDepthClearRatio(double explodingDepthClearRatio) {
      this.explodingDepthClearRatio = explodingDepthClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_SATURATION_RATIO}. */
    public Builder saturationRatio(double saturationRatio) {
      this.saturationRatio = saturationRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_SATURATION_CLEAR_RATIO}. */
    public Builder saturationClearRatio(double saturationClearRatio) {
      this.saturationClearRatio = saturationClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_ACTIVATION_GAIN}. */
    public Builder activationGain(double activationGain) {
      this.activationGain = activationGain;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_ACTIVATION_GAIN_CLEAR}. */
    public Builder activationGainClear(double activationGainClear) {
      this.activationGainClear = activationGainClear;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_INCLUDE_SOFTMAX}. */
    public Builder includeSoftmax(boolean includeSoftmax) {
      this.includeSoftmax = includeSoftmax;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_SIGMA}. */
    public Builder lossSpikeSigma(double lossSpikeSigma) {
      this.lossSpikeSigma = lossSpikeSigma;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_CLEAR_SIGMA}. */
    public Builder lossSpikeClearSigma(double lossSpikeClearSigma) {
      this.lossSpikeClearSigma = lossSpikeClearSigma;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_RATIO}. */
    public Builder lossSpikeRatio(double lossSpikeRatio) {
      this.lossSpikeRatio = lossSpikeRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_CLEAR_RATIO}. */
    public Builder lossSpikeClearRatio(double lossSpikeClearRatio) {
      this.lossSpikeClearRatio = lossSpikeClearRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_OF_FIRST}. */
    public Builder lossSpikeOfFirst(double lossSpikeOfFirst) {
      this.lossSpikeOfFirst = lossSpikeOfFirst;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_CLEAR_OF_FIRST}. */
    public Builder lossSpikeClearOfFirst(double lossSpikeClearOfFirst) {
      this.lossSpikeClearOfFirst = lossSpikeClearOfFirst;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_MIN_COUNT}. */
    public Builder lossSpikeMinCount(int lossSpikeMinCount) {
      this.lossSpikeMinCount = lossSpikeMinCount;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_LOSS_SPIKE_RESOLVE_STEPS}. */
    public Builder lossSpikeResolveSteps(int lossSpikeResolveSteps) {
      this.lossSpikeResolveSteps = lossSpikeResolveSteps;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_FROZEN_UPDATE_RATIO}. */
    public Builder frozenUpdateRatio(double frozenUpdateRatio) {
      this.frozenUpdateRatio = frozenUpdateRatio;
      return this;
    }

    /** See {@link RuleSettings#DEFAULT_FROZEN_UPDATE_CLEAR_RATIO}. */
    public Builder frozenUpdateClearRatio(double frozenUpdateClearRatio) {
      this.frozenUpdateClearRatio = frozenUpdateClearRatio;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is out of range, or a clear
     *     threshold on the wrong side of its fire threshold
     */
    public RuleSettings build() {
      atLeastOne("hold", hold);
      atLeastOne("resolveHold", resolveHold);
      atLeastOne("nonFiniteHold", nonFiniteHold);
      atLeastOne("lossSpikeHold", lossSpikeHold);
      inRange("deadUnitRatio", deadUnitRatio, 0, 1, true);
      inRange("deadUnitClearRatio", deadUnitClearRatio, 0, 1, true);
      inRange("vanishingDepthRatio", vanishingDepthRatio, 0, 1, false);
      inRange("vanishingDepthClearRatio", vanishingDepthClearRatio, 0, 1, false);
      inRange("vanishingMeanAbs", vanishingMeanAbs, 0, Double.MAX_VALUE, true);
      inRange("vanishingMeanAbsClear", vanishingMeanAbsClear, 0, Double.MAX_VALUE, true);
      inRange("vanishingDecayRatio", vanishingDecayRatio, 0, 1, false);
      inRange("vanishingDecayClearRatio", vanishingDecayClearRatio, 0, 1, false);
      positive("stalledLossRatio", stalledLossRatio);
      inRange("explodingGrowthRatio", explodingGrowthRatio, 1, Double.MAX_VALUE, true);
      inRange("explodingGrowthClearRatio", explodingGrowthClearRatio, 1, Double.MAX_VALUE, true);
      inRange("explodingDepthRatio", explodingDepthRatio, 1, Double.MAX_VALUE, true);
      inRange("explodingDepthClearRatio", explodingDepthClearRatio, 1, Double.MAX_VALUE, true);
      inRange("saturationRatio", saturationRatio, 0, 1, true);
      inRange("saturationClearRatio", saturationClearRatio, 0, 1, true);
      inRange("activationGain", activationGain, 0, Double.MAX_VALUE, true);
      inRange("activationGainClear", activationGainClear, 0, Double.MAX_VALUE, true);
      inRange("lossSpikeSigma", lossSpikeSigma, 0, Double.MAX_VALUE, true);
      inRange("lossSpikeClearSigma", lossSpikeClearSigma, 0, Double.MAX_VALUE, true);
      inRange("lossSpikeRatio", lossSpikeRatio, 1, Double.MAX_VALUE, true);
      inRange("lossSpikeClearRatio", lossSpikeClearRatio, 1, Double.MAX_VALUE, true);
      inRange("lossSpikeOfFirst", lossSpikeOfFirst, 0, Double.MAX_VALUE, true);
      inRange("lossSpikeClearOfFirst", lossSpikeClearOfFirst, 0, Double.MAX_VALUE, true);
      atLeastOne("lossSpikeMinCount", lossSpikeMinCount);
      if (lossSpikeResolveSteps < 0) {
        throw new IllegalArgumentException(
            "lossSpikeResolveSteps must not be negative, was " + lossSpikeResolveSteps);
      }
      inRange("frozenUpdateRatio", frozenUpdateRatio, 0, Double.MAX_VALUE, true);
      inRange("frozenUpdateClearRatio", frozenUpdateClearRatio, 0, Double.MAX_VALUE, true);
      notAbove("deadUnitClearRatio", deadUnitClearRatio, "deadUnitRatio", deadUnitRatio);
      notBelow("vanishingDepthClearRatio", vanishingDepthClearRatio, "vanishingDepthRatio", vanishingDepthRatio);
      notBelow("vanishingMeanAbsClear", vanishingMeanAbsClear, "vanishingMeanAbs", vanishingMeanAbs);
      notBelow("vanishingDecayClearRatio", vanishingDecayClearRatio, "vanishingDecayRatio", vanishingDecayRatio);
      notAbove("explodingGrowthClearRatio", explodingGrowthClearRatio, "explodingGrowthRatio", explodingGrowthRatio);
      notAbove("explodingDepthClearRatio", explodingDepthClearRatio, "explodingDepthRatio", explodingDepthRatio);
      notAbove("saturationClearRatio", saturationClearRatio, "saturationRatio", saturationRatio);
      notBelow("activationGainClear", activationGainClear, "activationGain", activationGain);
      notAbove("lossSpikeClearSigma", lossSpikeClearSigma, "lossSpikeSigma", lossSpikeSigma);
      notAbove("lossSpikeClearRatio", lossSpikeClearRatio, "lossSpikeRatio", lossSpikeRatio);
      notAbove("lossSpikeClearOfFirst", lossSpikeClearOfFirst, "lossSpikeOfFirst", lossSpikeOfFirst);
      notBelow("frozenUpdateClearRatio", frozenUpdateClearRatio, "frozenUpdateRatio", frozenUpdateRatio);
      return new RuleSettings(this);
    }

    /** A clear threshold of an "above" condition must not exceed its fire threshold. */
    private static void notAbove(String clear, double value, String fire, double fireValue) {
      if (value > fireValue) {
        throw new IllegalArgumentException(
            clear + " must not exceed " + fire + " (" + fireValue + "), was " + value);
      }
    }

    /** A clear threshold of a "below" condition must not be under its fire threshold. */
    private static void notBelow(String clear, double value, String fire, double fireValue) {
      if (value < fireValue) {
        throw new IllegalArgumentException(
            clear + " must not be below " + fire + " (" + fireValue + "), was " + value);
      }
    }

    private static void atLeastOne(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " must be at least 1, was " + value);
      }
    }

    private static void positive(String field, double value) {
      if (!Double.isFinite(value) || value <= 0) {
        throw new IllegalArgumentException(field + " must be a positive number, was " + value);
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
