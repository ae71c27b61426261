package dev.neuronwatch.server.rules;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.NonFiniteOrigin;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.protocol.TensorSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonFiniteOriginsTest {
  private static final TensorSummary NAN_OUTPUT = new TensorSummary(60, 0.1, 0.01, 0, 1, 0.5, 4, 0);
  private static final GradientSummary NAN_GRADIENT = new GradientSummary(0, 0, 0, 0, 9, 0);

  @Test
  void outputsComeFirstInForwardOrderWhateverTheSampleOrder() {
    StepSample sample =
        step(
            5,
            layer("deep", 2, ActivationKind.RELU).output(NAN_OUTPUT).gradient(NAN_GRADIENT).build(),
            layer("shallow", 1, ActivationKind.RELU).output(NAN_OUTPUT).build(),
            layer("first", 0, ActivationKind.RELU).gradient(NAN_GRADIENT).build());

    assertThat(NonFiniteOrigins.find(sample))
        .isEqualTo(new NonFiniteOrigin("shallow", "output", 5));
  }

  @Test
  void gradientsComeInBackwardOrderAfterTheLoss() {
    StepSample sample =
        step(
            8,
            layer("a", 0, ActivationKind.RELU).gradient(NAN_GRADIENT).build(),
            layer("b", 1, ActivationKind.RELU).gradient(NAN_GRADIENT).build(),
            layer("c", 2, ActivationKind.LINEAR).gradient(1.0).build());

    assertThat(NonFiniteOrigins.find(sample)).isEqualTo(new NonFiniteOrigin("b", "gradient", 8));
  }

  @Test
  void theUpdateComesBeforeTheWeights() {
    StepSample sample =
        step(
            2,
            layer("a", 0, ActivationKind.RELU).nonFiniteParameters(3L, 0L).build(),
            layer("b", 1, ActivationKind.RELU).nonFiniteParameters(0L, 2L).build());

    assertThat(NonFiniteOrigins.find(sample)).isEqualTo(new NonFiniteOrigin("b", "update", 2));
    assertThat(
            NonFiniteOrigins.find(
                step(3, layer("a", 0, ActivationKind.RELU).nonFiniteParameters(3L, 0L).build())))
        .isEqualTo(new NonFiniteOrigin("a", "weights", 3));
  }

  @Test
  void aCleanSampleHasNoOrigin() {
    assertThat(NonFiniteOrigins.find(step(1, layer("a", 0, ActivationKind.RELU).build()))).isNull();
    assertThat(NonFiniteOrigins.find(new StepSample(1, 1, 0.3, false, List.of()))).isNull();
  }
}
