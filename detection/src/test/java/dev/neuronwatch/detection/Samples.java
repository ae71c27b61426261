package dev.neuronwatch.detection;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import java.util.List;

/** Hand-made wire values for the harness's unit tests. */
final class Samples {
  static final TensorSummary OUTPUT = new TensorSummary(64, 0.1, 0.01, 0, 1, 0, 0, 0);

  private Samples() {}

  static LayerSample layer(
      String name, int depth, ActivationKind activation, Double dead, double gradientNorm) {
    return new LayerSample(
        name,
        depth,
        activation,
        8,
        OUTPUT,
        dead,
        null,
        new GradientSummary(gradientNorm, 0, 0, gradientNorm / 8, 0, 0),
        1.0,
        1e-3);
  }

  static StepSample step(long step, Double loss, LayerSample... layers) {
    return new StepSample(step, 1000 + step, loss, loss == null, List.of(layers));
  }

  static Alert alert(String rule, String layer, AlertState state) {
    return new Alert(rule, "run", layer, state, 0.7, "2026-12-01T00:00:00Z", rule + " on " + layer);
  }

  static TrainingResult result(long steps, Double accuracy, double loss) {
    return new TrainingResult(steps, loss, accuracy, null, null, false, false, 1L);
  }

  static RunSpec spec(Expectation expected, int sampleEvery) {
    return new RunSpec("test", TrainingConfig.builder().steps(100).build(), sampleEvery, expected);
  }
}
