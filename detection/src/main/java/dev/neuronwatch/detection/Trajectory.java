package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.TrainingResult;
import java.util.List;
import java.util.OptionalLong;

/**
 * A run recorded at every step: each step's measurements in step order, and the result.
 *
 * <pre>{@code
 * Trajectory trajectory = ReferencePass.record(config);
 * OptionalLong nan = trajectory.firstNonFiniteLoss();
 * }</pre>
 */
public record Trajectory(List<StepSample> steps, TrainingResult result) {
  public Trajectory {
    steps = List.copyOf(steps);
  }

  /** The first step whose batch loss was NaN or infinite. */
  public OptionalLong firstNonFiniteLoss() {
    return Onset.NON_FINITE_LOSS.find(steps);
  }
}
