package dev.neuronwatch.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One sampled training step: the loss and every layer the agent was handed.
 *
 * <p>{@code loss} is null when the caller reported none or when it was not finite; in the latter
 * case {@code lossNonFinite} is true. {@code timeMillis} is the agent's wall clock (epoch
 * milliseconds) when the step ended. {@code lossWindow} (protocol version 2, optional) summarises
 * the losses of the steps before this one, every step's and not only sampled ones, so that the
 * server can judge a loss spike; a sample may carry no layers when the agent sent it only for its
 * loss (a spike or a non-finite loss on a step that was not sampled).
 *
 * <pre>{@code
 * StepSample sample = new StepSample(100, System.currentTimeMillis(), 0.42, false, layers);
 * }</pre>
 */
public record StepSample(
    long step,
    long timeMillis,
    Double loss,
    boolean lossNonFinite,
    List<LayerSample> layers,
    LossWindow lossWindow) {

  public StepSample {
    if (step < 0) {
      throw new InvalidFieldException("step", "must not be negative, was " + step);
    }
    if (step > Protocol.MAX_STEP) {
      throw new InvalidFieldException(
          "step", "must be at most 2^53 (" + Protocol.MAX_STEP + "), was " + step);
    }
    if (timeMillis < 0) {
      throw new InvalidFieldException("timeMillis", "must not be negative, was " + timeMillis);
    }
    if (loss != null) {
      Checks.finite("loss", loss);
    }
    Checks.required("layers", layers);
    if (layers.size() > Protocol.MAX_LAYERS_PER_STEP) {
      throw new InvalidFieldException(
          "layers",
          "has " + layers.size() + " entries, the limit is " + Protocol.MAX_LAYERS_PER_STEP);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < layers.size(); i++) {
      LayerSample layer = Checks.required("layers[" + i + "]", layers.get(i));
      if (!names.add(layer.name())) {
        throw new InvalidFieldException(
            "layers[" + i + "].name", "duplicates layer '" + layer.name() + "'");
      }
    }
    layers = List.copyOf(layers);
  }

  /** A sample without a loss window. */
  public StepSample(
      long step, long timeMillis, Double loss, boolean lossNonFinite, List<LayerSample> layers) {
    this(step, timeMillis, loss, lossNonFinite, layers, null);
  }
}
