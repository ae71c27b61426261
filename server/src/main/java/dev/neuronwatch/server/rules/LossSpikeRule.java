package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchLossSpike (run level, layer {@code ""}): the sample's loss against the agent's window
 * of the losses of every step before it. It fires when the loss is above the spike threshold
 *
 * <pre>
 *   max( median + lossSpikeSigma * 1.4826 * mad,   robust: 8 standard deviations
 *        lossSpikeRatio * median,                  relative: 3x the median (when median &gt; 0)
 *        median + lossSpikeOfFirst * |first| )     significant: half the run's loss scale
 * </pre>
 *
 * and the window holds at least {@link RuleSettings#lossSpikeMinCount()} (32) losses. All three
 * bounds must be passed: the robust one alone fires on a window whose losses are nearly equal, the
 * relative one alone on a converged run whose median is tiny, the significance bound keeps both
 * honest against the scale at which the run started. It clears below the same maximum with the
 * clear values (4 sigmas, 1.5x, a tenth of the scale). Value: the loss; threshold: the fire
 * threshold as computed for that sample. A sample without a finite loss or a large enough window
 * yields no reading. It fires after {@link RuleSettings#lossSpikeHold()} (1) sample: the agent
 * sends the spiking step itself even when it was not sampled. It resolves once the loss has been
 * below the clear threshold for {@link RuleSettings#resolveHold()} samples spanning {@link
 * RuleSettings#lossSpikeResolveSteps()} (100) steps: a spiking loss is jagged, and the agent
 * samples it densely, so a sample count alone would cut one episode into many alerts.
 *
 * <pre>{@code
 * AlertRule rule = new LossSpikeRule(RuleSettings.defaults());
 * }</pre>
 */
public final class LossSpikeRule extends LayerRule {
  public static final String NAME = "NeuronwatchLossSpike";

  /** The MAD of a normal distribution times this is its standard deviation. */
  public static final double MAD_TO_SIGMA = 1.4826;

  public LossSpikeRule(RuleSettings settings) {
    super(NAME, settings);
  }

  @Override
  public int fireAfter() {
    return settings.lossSpikeHold();
  }

  /** {@link RuleSettings#lossSpikeResolveSteps()}: one jagged episode is one alert. */
  @Override
  public long resolveAfterSteps() {
    return settings.lossSpikeResolveSteps();
  }

  /** The loss above which a sample spikes, for the given sigma, ratio and share of the scale. */
  static double threshold(LossWindow window, double sigma, double ratio, double ofFirst) {
    double robust = window.median() + sigma * MAD_TO_SIGMA * window.mad();
    double relative = ratio * window.median();
    double significant = window.median() + ofFirst * Math.abs(window.first());
    return Math.max(robust, Math.max(relative, significant));
  }

  @Override
  public List<RuleReading> evaluate(SampleSignals sample) {
    StepSample step = sample.sample();
    LossWindow window = step.lossWindow();
    if (step.loss() == null || window == null || window.count() < settings.lossSpikeMinCount()) {
      return List.of();
    }
    double loss = step.loss();
    double fire =
        threshold(
            window,
            settings.lossSpikeSigma(),
            settings.lossSpikeRatio(),
            settings.lossSpikeOfFirst());
    double clear =
        threshold(
            window,
            settings.lossSpikeClearSigma(),
            settings.lossSpikeClearRatio(),
            settings.lossSpikeClearOfFirst());
    Verdict verdict = Verdict.above(loss, fire, clear);
    long at = step.step();
    return List.of(
        new RuleReading(
            NonFiniteValuesRule.RUN_LEVEL,
            verdict,
            loss,
            fire,
            () ->
                "loss "
                    + Readings.number(loss)
                    + " at step "
                    + at
                    + " against a median of "
                    + Readings.number(window.median())
                    + " (MAD "
                    + Readings.number(window.mad())
                    + ", first "
                    + Readings.number(window.first())
                    + ") over "
                    + window.count()
                    + " steps "
                    + Readings.aboveThresholds(Readings.number(fire), Readings.number(clear)),
            null));
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    return Optional.empty();
  }
}
