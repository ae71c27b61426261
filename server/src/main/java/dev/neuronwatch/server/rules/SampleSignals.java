package dev.neuronwatch.server.rules;

import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.StepSample;
import java.util.List;
import java.util.Objects;

/**
 * One applied sample of one run, each layer with its derived signals, in the sample's layer order,
 * and {@code origin}: where non-finite values first appeared in the run up to this sample (null
 * while none did; kept for the rest of the run once found).
 *
 * <pre>{@code
 * SampleSignals signals = history.observe("run-1", sample);
 * List<AlertTransition> changes = evaluator.evaluate(signals, Instant.now());
 * }</pre>
 */
public record SampleSignals(
    String run, StepSample sample, List<LayerSignals> layers, NonFiniteOrigin origin) {

  public SampleSignals {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(sample, "sample");
    layers = List.copyOf(layers);
  }

  /** A sample of a run without non-finite values so far. */
  public SampleSignals(String run, StepSample sample, List<LayerSignals> layers) {
    this(run, sample, layers, null);
  }

  /**
   * Whether learning has stalled: the median of the loss window is above {@code ratio} times the
   * run's loss scale, the median of its first losses (the loss is not well below where it started).
   * False when unknown: no loss window (an older agent) or a loss scale that is not positive.
   */
  public boolean learningStalled(double ratio) {
    LossWindow window = sample.lossWindow();
    return window != null && window.first() > 0 && window.median() > ratio * window.first();
  }
}
