package dev.neuronwatch.agent;

import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.LossWindow;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the layers recorded for the open step and closes it into a {@link StepSample}.
 *
 * <p>Layers recorded for a step that is never ended are discarded when layers of another step
 * arrive. A step one of whose layers could not be measured is "broken": ending it reports the
 * problem instead of sending a sample with a layer silently missing, which the server would read as
 * the layer having vanished. Not thread-safe.
 */
final class StepRecorder {
  private final List<LayerSample> layers = new ArrayList<>();
  private long openStep = -1;
  private String brokenBecause;
  private long lastEndedStep = -1;

  void add(long step, LayerSample layer) {
    open(step);
    layers.add(layer);
  }

  void markBroken(long step, String reason) {
    open(step);
    if (brokenBecause == null) {
      brokenBecause = reason;
    }
  }

  /**
   * Ends {@code step}.
   *
   * @return the sample, or null when no layer was recorded for this step
   * @throws IllegalStateException when the step is broken
   * @throws IllegalArgumentException when the step does not come after the last ended one, or the
   *     layers break the wire rules (a duplicate layer name)
   */
  StepSample end(
      long step, Double loss, boolean lossNonFinite, long timeMillis, LossWindow window) {
    try {
      if (step != openStep || (layers.isEmpty() && brokenBecause == null)) {
        return null;
      }
      if (brokenBecause != null) {
        throw new IllegalStateException("step " + step + " dropped: " + brokenBecause);
      }
      requireAfterLast(step);
      StepSample sample = new StepSample(step, timeMillis, loss, lossNonFinite, layers, window);
      lastEndedStep = step;
      return sample;
    } finally {
      if (step == openStep) {
        clear();
      }
    }
  }

  /**
   * A sample of {@code step} with its loss only, for an anomaly on a step without layers; layers
   * recorded for an open step are left alone.
   *
   * @throws IllegalArgumentException when the step does not come after the last ended one
   */
  StepSample layerless(
      long step, Double loss, boolean lossNonFinite, long timeMillis, LossWindow window) {
    requireAfterLast(step);
    StepSample sample = new StepSample(step, timeMillis, loss, lossNonFinite, List.of(), window);
    lastEndedStep = step;
    return sample;
  }

  private void requireAfterLast(long step) {
    if (step <= lastEndedStep) {
      throw new IllegalArgumentException(
          "step " + step + " dropped: steps must increase, the last was " + lastEndedStep);
    }
  }

  private void open(long step) {
    if (step != openStep) {
      clear();
      openStep = step;
    }
  }

  private void clear() {
    layers.clear();
    brokenBecause = null;
    openStep = -1;
  }
}
