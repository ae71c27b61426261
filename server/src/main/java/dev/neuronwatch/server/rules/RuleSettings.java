package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.rules.RuleKeys.*;

import dev.neuronwatch.settings.Check;
import dev.neuronwatch.settings.InvalidSettingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The thresholds and holds of the alert rules. Immutable, validated by its constructor ({@link
 * InvalidSettingException} names the first wrong setting). Every default lives in the {@code
 * DEFAULT_*} constants of this class and nowhere else, and each setting is described there; each
 * setting's key (component, builder method and YAML key) is a {@link RuleKeys} constant.
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
public record RuleSettings(
    int hold,
    int resolveHold,
    int nonFiniteHold,
    int lossSpikeHold,
    double deadUnitRatio,
    double deadUnitClearRatio,
    double vanishingDepthRatio,
    double vanishingDepthClearRatio,
    double vanishingMeanAbs,
    double vanishingMeanAbsClear,
    double vanishingDecayRatio,
    double vanishingDecayClearRatio,
    double stalledLossRatio,
    double explodingGrowthRatio,
    double explodingGrowthClearRatio,
    double explodingDepthRatio,
    double explodingDepthClearRatio,
    double saturationRatio,
    double saturationClearRatio,
    double activationGain,
    double activationGainClear,
    boolean includeSoftmax,
    double lossSpikeSigma,
    double lossSpikeClearSigma,
    double lossSpikeRatio,
    double lossSpikeClearRatio,
    double lossSpikeOfFirst,
    double lossSpikeClearOfFirst,
    int lossSpikeMinCount,
    int lossSpikeResolveSteps,
    double frozenUpdateRatio,
    double frozenUpdateClearRatio) {

  /** Consecutive samples a condition must hold (beyond its fire threshold) to fire. */
  public static final int DEFAULT_HOLD = 3;

  /**
   * Consecutive samples beyond the clear threshold that resolve a firing alert; longer than {@code
   * hold} so that an alert does not flap.
   */
  public static final int DEFAULT_RESOLVE_HOLD = 6;

  /**
   * Samples with non-finite values before NeuronwatchNonFiniteValues fires: a NaN is never noise.
   */
  public static final int DEFAULT_NON_FINITE_HOLD = 1;

  /**
   * Consecutive samples with a loss spike before NeuronwatchLossSpike fires. The agent samples
   * every step after a spike, so these are consecutive steps: one hard minibatch of a converged run
   * (measured on healthy runs: a batch at 10x the median, the next ones normal) does not fire, an
   * instability that lasts does (as LLM Foundry's check asks a spike to last 5 steps).
   */
  public static final int DEFAULT_LOSS_SPIKE_HOLD = 3;

  /** NeuronwatchDyingRelu fires above this dead-unit fraction (ReLU layers). */
  public static final double DEFAULT_DEAD_UNIT_RATIO = 0.5;

  /** NeuronwatchDyingRelu clears below this dead-unit fraction. */
  public static final double DEFAULT_DEAD_UNIT_CLEAR_RATIO = 0.4;

  /**
   * NeuronwatchVanishingGradient, across depth: weight-gradient norm over the deepest layer's below
   * this fires (0 disables).
   */
  public static final double DEFAULT_VANISHING_DEPTH_RATIO = 1e-3;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_DEPTH_CLEAR_RATIO = 3e-3;

  /**
   * NeuronwatchVanishingGradient, absolute floor (only while learning has stalled): mean |weight
   * gradient| below this fires (SageMaker Debugger's default; 0 disables).
   */
  public static final double DEFAULT_VANISHING_MEAN_ABS = 1e-7;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_MEAN_ABS_CLEAR = 3e-7;

  /**
   * NeuronwatchVanishingGradient, over time (only while learning has stalled): norm over the
   * layer's peak in the run below this fires (0 disables).
   */
  public static final double DEFAULT_VANISHING_DECAY_RATIO = 1e-4;

  /** ... and above this clears. */
  public static final double DEFAULT_VANISHING_DECAY_CLEAR_RATIO = 3e-4;

  /**
   * Learning has stalled while the median of the loss window is above this fraction of the run's
   * loss scale ({@code lossWindow.first}, the median of its first losses); without a loss window it
   * never counts as stalled.
   */
  public static final double DEFAULT_STALLED_LOSS_RATIO = 0.5;

  /**
   * NeuronwatchExplodingGradient, over time: weight-gradient norm over the median of the layer's
   * recent norms above this fires.
   */
  public static final double DEFAULT_EXPLODING_GROWTH_RATIO = 100;

  /** ... and below this clears. */
  public static final double DEFAULT_EXPLODING_GROWTH_CLEAR_RATIO = 10;

  /** NeuronwatchExplodingGradient, across depth: norm over the deepest layer's above this fires. */
  public static final double DEFAULT_EXPLODING_DEPTH_RATIO = 1e3;

  /** ... and below this clears. */
  public static final double DEFAULT_EXPLODING_DEPTH_CLEAR_RATIO = 1e2;

  /**
   * NeuronwatchSaturatedActivations: saturated-output fraction above this fires (with a collapsed
   * gain).
   */
  public static final double DEFAULT_SATURATION_RATIO = 0.5;

  /** ... and below this clears. */
  public static final double DEFAULT_SATURATION_CLEAR_RATIO = 0.4;

  /**
   * NeuronwatchSaturatedActivations fires only while the activation's gain (when the agent measures
   * it) is below this.
   */
  public static final double DEFAULT_ACTIVATION_GAIN = 0.3;

  /** ... and clears once the gain is above this. */
  public static final double DEFAULT_ACTIVATION_GAIN_CLEAR = 0.4;

  /** Whether softmax hidden layers count for NeuronwatchSaturatedActivations. */
  public static final boolean DEFAULT_INCLUDE_SOFTMAX = true;

  /**
   * NeuronwatchLossSpike: the loss must exceed the window median by this many robust standard
   * deviations (1.4826 MAD).
   */
  public static final double DEFAULT_LOSS_SPIKE_SIGMA = 8;

  /** ... and clears below median + this many. */
  public static final double DEFAULT_LOSS_SPIKE_CLEAR_SIGMA = 4;

  /**
   * NeuronwatchLossSpike: the loss must also exceed this multiple of the window median (when
   * positive).
   */
  public static final double DEFAULT_LOSS_SPIKE_RATIO = 3;

  /** ... and clears below this multiple. */
  public static final double DEFAULT_LOSS_SPIKE_CLEAR_RATIO = 1.5;

  /**
   * NeuronwatchLossSpike: the excess over the median must also exceed this fraction of the run's
   * loss scale (the median of its first losses, the untrained net's loss): half the way back to
   * where training started.
   */
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

  /**
   * NeuronwatchFrozenLayer: update-to-weight ratio below this (SageMaker's threshold) fires while
   * another layer of the sample updates above it.
   */
  public static final double DEFAULT_FROZEN_UPDATE_RATIO = 1e-8;

  /** ... and above this clears. */
  public static final double DEFAULT_FROZEN_UPDATE_CLEAR_RATIO = 1e-7;

  private static final RuleSettings DEFAULTS = builder().build();

  /**
   * @throws InvalidSettingException naming the first setting that is out of range, or a clear
   *     threshold on the wrong side of its fire threshold
   */
  public RuleSettings {
    Check.atLeast(HOLD, hold, 1);
    Check.atLeast(RESOLVE_HOLD, resolveHold, 1);
    Check.atLeast(NON_FINITE_HOLD, nonFiniteHold, 1);
    Check.atLeast(LOSS_SPIKE_HOLD, lossSpikeHold, 1);
    Check.closed(DEAD_UNIT_RATIO, deadUnitRatio, 0, 1);
    Check.closed(DEAD_UNIT_CLEAR_RATIO, deadUnitClearRatio, 0, 1);
    Check.halfOpen(VANISHING_DEPTH_RATIO, vanishingDepthRatio, 0, 1);
    Check.halfOpen(VANISHING_DEPTH_CLEAR_RATIO, vanishingDepthClearRatio, 0, 1);
    Check.atLeast(VANISHING_MEAN_ABS, vanishingMeanAbs, 0);
    Check.atLeast(VANISHING_MEAN_ABS_CLEAR, vanishingMeanAbsClear, 0);
    Check.halfOpen(VANISHING_DECAY_RATIO, vanishingDecayRatio, 0, 1);
    Check.halfOpen(VANISHING_DECAY_CLEAR_RATIO, vanishingDecayClearRatio, 0, 1);
    Check.positive(STALLED_LOSS_RATIO, stalledLossRatio);
    Check.atLeast(EXPLODING_GROWTH_RATIO, explodingGrowthRatio, 1);
    Check.atLeast(EXPLODING_GROWTH_CLEAR_RATIO, explodingGrowthClearRatio, 1);
    Check.atLeast(EXPLODING_DEPTH_RATIO, explodingDepthRatio, 1);
    Check.atLeast(EXPLODING_DEPTH_CLEAR_RATIO, explodingDepthClearRatio, 1);
    Check.closed(SATURATION_RATIO, saturationRatio, 0, 1);
    Check.closed(SATURATION_CLEAR_RATIO, saturationClearRatio, 0, 1);
    Check.atLeast(ACTIVATION_GAIN, activationGain, 0);
    Check.atLeast(ACTIVATION_GAIN_CLEAR, activationGainClear, 0);
    Check.atLeast(LOSS_SPIKE_SIGMA, lossSpikeSigma, 0);
    Check.atLeast(LOSS_SPIKE_CLEAR_SIGMA, lossSpikeClearSigma, 0);
    Check.atLeast(LOSS_SPIKE_RATIO, lossSpikeRatio, 1);
    Check.atLeast(LOSS_SPIKE_CLEAR_RATIO, lossSpikeClearRatio, 1);
    Check.atLeast(LOSS_SPIKE_OF_FIRST, lossSpikeOfFirst, 0);
    Check.atLeast(LOSS_SPIKE_CLEAR_OF_FIRST, lossSpikeClearOfFirst, 0);
    Check.atLeast(LOSS_SPIKE_MIN_COUNT, lossSpikeMinCount, 1);
    Check.atLeast(LOSS_SPIKE_RESOLVE_STEPS, lossSpikeResolveSteps, 0);
    Check.atLeast(FROZEN_UPDATE_RATIO, frozenUpdateRatio, 0);
    Check.atLeast(FROZEN_UPDATE_CLEAR_RATIO, frozenUpdateClearRatio, 0);
    notAbove(DEAD_UNIT_CLEAR_RATIO, deadUnitClearRatio, DEAD_UNIT_RATIO, deadUnitRatio);
    notBelow(
        VANISHING_DEPTH_CLEAR_RATIO,
        vanishingDepthClearRatio,
        VANISHING_DEPTH_RATIO,
        vanishingDepthRatio);
    notBelow(VANISHING_MEAN_ABS_CLEAR, vanishingMeanAbsClear, VANISHING_MEAN_ABS, vanishingMeanAbs);
    notBelow(
        VANISHING_DECAY_CLEAR_RATIO,
        vanishingDecayClearRatio,
        VANISHING_DECAY_RATIO,
        vanishingDecayRatio);
    notAbove(
        EXPLODING_GROWTH_CLEAR_RATIO,
        explodingGrowthClearRatio,
        EXPLODING_GROWTH_RATIO,
        explodingGrowthRatio);
    notAbove(
        EXPLODING_DEPTH_CLEAR_RATIO,
        explodingDepthClearRatio,
        EXPLODING_DEPTH_RATIO,
        explodingDepthRatio);
    notAbove(SATURATION_CLEAR_RATIO, saturationClearRatio, SATURATION_RATIO, saturationRatio);
    notBelow(ACTIVATION_GAIN_CLEAR, activationGainClear, ACTIVATION_GAIN, activationGain);
    notAbove(LOSS_SPIKE_CLEAR_SIGMA, lossSpikeClearSigma, LOSS_SPIKE_SIGMA, lossSpikeSigma);
    notAbove(LOSS_SPIKE_CLEAR_RATIO, lossSpikeClearRatio, LOSS_SPIKE_RATIO, lossSpikeRatio);
    notAbove(
        LOSS_SPIKE_CLEAR_OF_FIRST, lossSpikeClearOfFirst, LOSS_SPIKE_OF_FIRST, lossSpikeOfFirst);
    notBelow(
        FROZEN_UPDATE_CLEAR_RATIO, frozenUpdateClearRatio, FROZEN_UPDATE_RATIO, frozenUpdateRatio);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The settings with every default. */
  public static RuleSettings defaults() {
    return DEFAULTS;
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.hold = hold;
    b.resolveHold = resolveHold;
    b.nonFiniteHold = nonFiniteHold;
    b.lossSpikeHold = lossSpikeHold;
    b.deadUnitRatio = deadUnitRatio;
    b.deadUnitClearRatio = deadUnitClearRatio;
    b.vanishingDepthRatio = vanishingDepthRatio;
    b.vanishingDepthClearRatio = vanishingDepthClearRatio;
    b.vanishingMeanAbs = vanishingMeanAbs;
    b.vanishingMeanAbsClear = vanishingMeanAbsClear;
    b.vanishingDecayRatio = vanishingDecayRatio;
    b.vanishingDecayClearRatio = vanishingDecayClearRatio;
    b.stalledLossRatio = stalledLossRatio;
    b.explodingGrowthRatio = explodingGrowthRatio;
    b.explodingGrowthClearRatio = explodingGrowthClearRatio;
    b.explodingDepthRatio = explodingDepthRatio;
    b.explodingDepthClearRatio = explodingDepthClearRatio;
    b.saturationRatio = saturationRatio;
    b.saturationClearRatio = saturationClearRatio;
    b.activationGain = activationGain;
    b.activationGainClear = activationGainClear;
    b.includeSoftmax = includeSoftmax;
    b.lossSpikeSigma = lossSpikeSigma;
    b.lossSpikeClearSigma = lossSpikeClearSigma;
    b.lossSpikeRatio = lossSpikeRatio;
    b.lossSpikeClearRatio = lossSpikeClearRatio;
    b.lossSpikeOfFirst = lossSpikeOfFirst;
    b.lossSpikeClearOfFirst = lossSpikeClearOfFirst;
    b.lossSpikeMinCount = lossSpikeMinCount;
    b.lossSpikeResolveSteps = lossSpikeResolveSteps;
    b.frozenUpdateRatio = frozenUpdateRatio;
    b.frozenUpdateClearRatio = frozenUpdateClearRatio;
    return b;
  }

  /** Every setting by its key ({@link RuleKeys}), in the order of the components. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (RecordComponent component : RuleSettings.class.getRecordComponents()) {
      try {
        map.put(component.getName(), component.getAccessor().invoke(this));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("reading " + component.getName(), e);
      }
    }
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
  public String toString() {
    return "RuleSettings" + asMap();
  }

  /** A clear threshold of an "above" condition must not exceed its fire threshold. */
  private static void notAbove(String clear, double value, String fire, double fireValue) {
    if (value > fireValue) {
      throw new InvalidSettingException(
          clear, "must not exceed " + fire + " (" + fireValue + "), was " + value);
    }
  }

  /** A clear threshold of a "below" condition must not be under its fire threshold. */
  private static void notBelow(String clear, double value, String fire, double fireValue) {
    if (value < fireValue) {
      throw new InvalidSettingException(
          clear, "must not be below " + fire + " (" + fireValue + "), was " + value);
    }
  }

  /** Builds {@link RuleSettings}; starts from the defaults, setters named as the keys. */
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

    public Builder hold(int hold) {
      this.hold = hold;
      return this;
    }

    public Builder resolveHold(int resolveHold) {
      this.resolveHold = resolveHold;
      return this;
    }

    public Builder nonFiniteHold(int nonFiniteHold) {
      this.nonFiniteHold = nonFiniteHold;
      return this;
    }

    public Builder lossSpikeHold(int lossSpikeHold) {
      this.lossSpikeHold = lossSpikeHold;
      return this;
    }

    public Builder deadUnitRatio(double deadUnitRatio) {
      this.deadUnitRatio = deadUnitRatio;
      return this;
    }

    public Builder deadUnitClearRatio(double deadUnitClearRatio) {
      this.deadUnitClearRatio = deadUnitClearRatio;
      return this;
    }

    public Builder vanishingDepthRatio(double vanishingDepthRatio) {
      this.vanishingDepthRatio = vanishingDepthRatio;
      return this;
    }

    public Builder vanishingDepthClearRatio(double vanishingDepthClearRatio) {
      this.vanishingDepthClearRatio = vanishingDepthClearRatio;
      return this;
    }

    public Builder vanishingMeanAbs(double vanishingMeanAbs) {
      this.vanishingMeanAbs = vanishingMeanAbs;
      return this;
    }

    public Builder vanishingMeanAbsClear(double vanishingMeanAbsClear) {
      this.vanishingMeanAbsClear = vanishingMeanAbsClear;
      return this;
    }

    public Builder vanishingDecayRatio(double vanishingDecayRatio) {
      this.vanishingDecayRatio = vanishingDecayRatio;
      return this;
    }

    public Builder vanishingDecayClearRatio(double vanishingDecayClearRatio) {
      this.vanishingDecayClearRatio = vanishingDecayClearRatio;
      return this;
    }

    public Builder stalledLossRatio(double stalledLossRatio) {
      this.stalledLossRatio = stalledLossRatio;
      return this;
    }

    public Builder explodingGrowthRatio(double explodingGrowthRatio) {
      this.explodingGrowthRatio = explodingGrowthRatio;
      return this;
    }

    public Builder explodingGrowthClearRatio(double explodingGrowthClearRatio) {
      this.explodingGrowthClearRatio = explodingGrowthClearRatio;
      return this;
    }

    public Builder explodingDepthRatio(double explodingDepthRatio) {
      this.explodingDepthRatio = explodingDepthRatio;
      return this;
    }

    public Builder explodingDepthClearRatio(double explodingDepthClearRatio) {
      this.explodingDepthClearRatio = explodingDepthClearRatio;
      return this;
    }

    public Builder saturationRatio(double saturationRatio) {
      this.saturationRatio = saturationRatio;
      return this;
    }

    public Builder saturationClearRatio(double saturationClearRatio) {
      this.saturationClearRatio = saturationClearRatio;
      return this;
    }

    public Builder activationGain(double activationGain) {
      this.activationGain = activationGain;
      return this;
    }

    public Builder activationGainClear(double activationGainClear) {
      this.activationGainClear = activationGainClear;
      return this;
    }

    public Builder includeSoftmax(boolean includeSoftmax) {
      this.includeSoftmax = includeSoftmax;
      return this;
    }

    public Builder lossSpikeSigma(double lossSpikeSigma) {
      this.lossSpikeSigma = lossSpikeSigma;
      return this;
    }

    public Builder lossSpikeClearSigma(double lossSpikeClearSigma) {
      this.lossSpikeClearSigma = lossSpikeClearSigma;
      return this;
    }

    public Builder lossSpikeRatio(double lossSpikeRatio) {
      this.lossSpikeRatio = lossSpikeRatio;
      return this;
    }

    public Builder lossSpikeClearRatio(double lossSpikeClearRatio) {
      this.lossSpikeClearRatio = lossSpikeClearRatio;
      return this;
    }

    public Builder lossSpikeOfFirst(double lossSpikeOfFirst) {
      this.lossSpikeOfFirst = lossSpikeOfFirst;
      return this;
    }

    public Builder lossSpikeClearOfFirst(double lossSpikeClearOfFirst) {
      this.lossSpikeClearOfFirst = lossSpikeClearOfFirst;
      return this;
    }

    public Builder lossSpikeMinCount(int lossSpikeMinCount) {
      this.lossSpikeMinCount = lossSpikeMinCount;
      return this;
    }

    public Builder lossSpikeResolveSteps(int lossSpikeResolveSteps) {
      this.lossSpikeResolveSteps = lossSpikeResolveSteps;
      return this;
    }

    public Builder frozenUpdateRatio(double frozenUpdateRatio) {
      this.frozenUpdateRatio = frozenUpdateRatio;
      return this;
    }

    public Builder frozenUpdateClearRatio(double frozenUpdateClearRatio) {
      this.frozenUpdateClearRatio = frozenUpdateClearRatio;
      return this;
    }

    /**
     * @throws InvalidSettingException naming the first setting that is out of range
     */
    public RuleSettings build() {
      return new RuleSettings(
          hold,
          resolveHold,
          nonFiniteHold,
          lossSpikeHold,
          deadUnitRatio,
          deadUnitClearRatio,
          vanishingDepthRatio,
          vanishingDepthClearRatio,
          vanishingMeanAbs,
          vanishingMeanAbsClear,
          vanishingDecayRatio,
          vanishingDecayClearRatio,
          stalledLossRatio,
          explodingGrowthRatio,
          explodingGrowthClearRatio,
          explodingDepthRatio,
          explodingDepthClearRatio,
          saturationRatio,
          saturationClearRatio,
          activationGain,
          activationGainClear,
          includeSoftmax,
          lossSpikeSigma,
          lossSpikeClearSigma,
          lossSpikeRatio,
          lossSpikeClearRatio,
          lossSpikeOfFirst,
          lossSpikeClearOfFirst,
          lossSpikeMinCount,
          lossSpikeResolveSteps,
          frozenUpdateRatio,
          frozenUpdateClearRatio);
    }
  }
}
