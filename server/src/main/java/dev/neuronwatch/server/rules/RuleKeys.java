package dev.neuronwatch.server.rules;

/**
 * The key of each rule setting, the one place the names are spelled as strings: the name of its
 * {@link RuleSettings} component and builder method, its YAML key under {@code rules}, and the
 * setting an {@code InvalidSettingException} names. {@code RuleKeysTest} keeps them equal to the
 * components.
 *
 * <pre>{@code
 * Check.atLeast(RuleKeys.HOLD, hold, 1);
 * }</pre>
 */
public final class RuleKeys {
  public static final String HOLD = "hold";
  public static final String RESOLVE_HOLD = "resolveHold";
  public static final String NON_FINITE_HOLD = "nonFiniteHold";
  public static final String LOSS_SPIKE_HOLD = "lossSpikeHold";
  public static final String DEAD_UNIT_RATIO = "deadUnitRatio";
  public static final String DEAD_UNIT_CLEAR_RATIO = "deadUnitClearRatio";
  public static final String VANISHING_DEPTH_RATIO = "vanishingDepthRatio";
  public static final String VANISHING_DEPTH_CLEAR_RATIO = "vanishingDepthClearRatio";
  public static final String VANISHING_MEAN_ABS = "vanishingMeanAbs";
  public static final String VANISHING_MEAN_ABS_CLEAR = "vanishingMeanAbsClear";
  public static final String VANISHING_DECAY_RATIO = "vanishingDecayRatio";
  public static final String VANISHING_DECAY_CLEAR_RATIO = "vanishingDecayClearRatio";
  public static final String STALLED_LOSS_RATIO = "stalledLossRatio";
  public static final String EXPLODING_GROWTH_RATIO = "explodingGrowthRatio";
  public static final String EXPLODING_GROWTH_CLEAR_RATIO = "explodingGrowthClearRatio";
  public static final String EXPLODING_DEPTH_RATIO = "explodingDepthRatio";
  public static final String EXPLODING_DEPTH_CLEAR_RATIO = "explodingDepthClearRatio";
  public static final String SATURATION_RATIO = "saturationRatio";
  public static final String SATURATION_CLEAR_RATIO = "saturationClearRatio";
  public static final String ACTIVATION_GAIN = "activationGain";
  public static final String ACTIVATION_GAIN_CLEAR = "activationGainClear";
  public static final String INCLUDE_SOFTMAX = "includeSoftmax";
  public static final String LOSS_SPIKE_SIGMA = "lossSpikeSigma";
  public static final String LOSS_SPIKE_CLEAR_SIGMA = "lossSpikeClearSigma";
  public static final String LOSS_SPIKE_RATIO = "lossSpikeRatio";
  public static final String LOSS_SPIKE_CLEAR_RATIO = "lossSpikeClearRatio";
  public static final String LOSS_SPIKE_OF_FIRST = "lossSpikeOfFirst";
  public static final String LOSS_SPIKE_CLEAR_OF_FIRST = "lossSpikeClearOfFirst";
  public static final String LOSS_SPIKE_MIN_COUNT = "lossSpikeMinCount";
  public static final String LOSS_SPIKE_RESOLVE_STEPS = "lossSpikeResolveSteps";
  public static final String FROZEN_UPDATE_RATIO = "frozenUpdateRatio";
  public static final String FROZEN_UPDATE_CLEAR_RATIO = "frozenUpdateClearRatio";

  private RuleKeys() {}
}
