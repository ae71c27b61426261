package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.List;

/** Small, valid samples for transport tests, where the statistics' values do not matter. */
public final class Samples {
  private Samples() {}

  public static StepSample step(long step) {
    TensorSummary output = new TensorSummary(4, 0.5, 0.25, 0, 1, 0.5, 0, 0);
    LayerSample layer =
        new LayerSample("dense_0", 0, ActivationKind.RELU, 2, output, 0.5, null, null, null, null);
    return new StepSample(step, 1_700_000_000_000L + step, 1.0, false, List.of(layer));
  }
}
