package dev.neuronwatch.server.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NeuronwatchVanishingGradient: a layer with a usable (present, all finite) gradient that is not
 * the deepest of the sample, nor a ReLU layer whose dead fraction is above {@link
 * RuleSettings#deadUnitClearRatio()} (dead units explain a small gradient, and NeuronwatchDyingRelu
 * names them), where any of these holds:
 *
 * <ol>
 *   <li>across depth, always: its weight-gradient norm over the deepest layer's (which must be &gt;
 *       0) is below {@link RuleSettings#vanishingDepthRatio()} (default 1e-3; clears above {@link
 *       RuleSettings#vanishingDepthClearRatio()}, 3e-3);
 *   <li>absolutely, only while learning has stalled: the mean absolute weight gradient is below
 *       {@link RuleSettings#vanishingMeanAbs()} (default 1e-7, SageMaker Debugger's threshold;
 *       clears above 3e-7);
 *   <li>over time, only while learning has stalled: the norm is below {@link
 *       RuleSettings#vanishingDecayRatio()} (default 1e-4) of the largest norm the layer had in the
 *       run (clears above 3e-4).
 * </ol>
 *
 * <p>Learning has stalled while the loss window's median is above {@link
 * RuleSettings#stalledLossRatio()} (default 0.5) of the run's loss scale (the median of its first
 * losses); see {@link SampleSignals#learningStalled}. A converged network has tiny gradients that
 * have decayed from their peak, which is health, not pathology; so (2) and (3) count only when the
 * loss shows that the network is not learning, and never without loss information. The alert clears
 * when every check that counts is beyond its clear threshold. Value and threshold: those of the
 * first check that fires, in the order above; else of the first that keeps the alert (between its
 * thresholds); else the depth ratio (or the mean |g|) and its fire threshold.
 *
 * <pre>{@code
 * AlertRule rule = new VanishingGradientRule(RuleSettings.defaults());
 * }</pre>
 */
public final class VanishingGradientRule extends LayerRule {
  public static final String NAME = "NeuronwatchVanishingGradient";

  public VanishingGradientRule(RuleSettings settings) {
    super(NAME, settings);
  }

  /** One check's reading: its verdict, value and thresholds, and how to name it. */
  private record Check(Verdict verdict, double value, double fire, double clear, String what) {
    String describe() {
      return what
          + " "
          + Readings.number(value)
          + " "
          + Readings.belowThresholds(Readings.number(fire), Readings.number(clear));
    }
  }

  @Override
  public List<RuleReading> evaluate(SampleSignals sample) {
    boolean stalled = sample.learningStalled(settings.stalledLossRatio());
    return Readings.perLayer(sample, layer -> read(layer, stalled));
  }

  @Override
  Optional<RuleReading> read(LayerSignals signals) {
    return read(signals, false);
  }

  private Optional<RuleReading> read(LayerSignals signals, boolean stalled) {
    if (!signals.gradientUsable() || signals.deepest() || dying(signals)) {
      return Optional.empty();
    }
    List<Check> checks = new ArrayList<>(3);
    Double depth = signals.depthRatio();
    if (depth != null && settings.vanishingDepthRatio() > 0) {
      checks.add(
          check(
              depth,
              settings.vanishingDepthRatio(),
              settings.vanishingDepthClearRatio(),
              "norm/deepest layer's"));
    }
    if (stalled && settings.vanishingMeanAbs() > 0) {
      checks.add(
          check(
              signals.layer().gradient().weightMeanAbs(),
              settings.vanishingMeanAbs(),
              settings.vanishingMeanAbsClear(),
              "mean |g|"));
    }
    Double decay = signals.decayRatio();
    if (stalled && decay != null && settings.vanishingDecayRatio() > 0) {
      checks.add(
          check(
              decay,
              settings.vanishingDecayRatio(),
              settings.vanishingDecayClearRatio(),
              "norm/its peak"));
    }
    if (checks.isEmpty()) {
      return Optional.empty();
    }
    Verdict verdict = Verdict.CLEAR;
    for (Check check : checks) {
      verdict = verdict.or(check.verdict());
    }
    Check decisive = decisive(checks, verdict);
    String layer = signals.name();
    String state = stalled ? "learning stalled" : "learning not stalled, depth check only";
    return Optional.of(
        new RuleReading(
            layer,
            verdict,
            decisive.value(),
            decisive.fire(),
            () ->
                "weight gradient of "
                    + layer
                    + ": "
                    + String.join(", ", checks.stream().map(Check::describe).toList())
                    + " ("
                    + state
                    + ")",
            null));
  }

  /**
   * A ReLU layer with more dead units than NeuronwatchDyingRelu's clear threshold: its gradient is
   * small because its units died, which that rule names; judged here too, the layer's alert would
   * fire and resolve as units die and revive.
   */
  private boolean dying(LayerSignals signals) {
    Double dead = signals.layer().deadFraction();
    return dead != null && dead > settings.deadUnitClearRatio();
  }

  private static Check check(double value, double fire, double clear, String what) {
    return new Check(Verdict.below(value, fire, clear), value, fire, clear, what);
  }

  private static Check decisive(List<Check> checks, Verdict verdict) {
    for (Check check : checks) {
      if (check.verdict() == verdict) {
        return check;
      }
    }
    return checks.get(0);
  }
}
