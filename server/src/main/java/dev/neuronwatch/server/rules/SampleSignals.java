package dev.neuronwatch.server.rules;

import dev.neuronwatch.model.StepSample;
import java.util.List;
import java.util.Objects;

/**
 * One applied sample of one run, each layer with its derived signals, in the sample's layer order.
 *
 * <pre>{@code
 * SampleSignals signals = history.observe("run-1", sample);
 * List<AlertTransition> changes = evaluator.evaluate(signals, Instant.now());
 * }</pre>
 */
public record SampleSignals(String run, StepSample sample, List<LayerSignals> layers) {

  public SampleSignals {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(sample, "sample");
    layers = List.copyOf(layers);
  }
}
