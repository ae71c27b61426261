package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.ActivationKind;
import org.junit.jupiter.api.Test;

class SaturationTest {

  @Test
  void sigmoidCountsOutputsNearEitherBound() {
    float[] sigmoid = {0.001f, 0.5f, 0.995f, 0.02f, Float.NaN, 0.999f};

    assertThat(Saturation.fraction(ActivationKind.SIGMOID, sigmoid, 2, 3, 0.01)).isEqualTo(3.0 / 6);
  }

  @Test
  void tanhCountsOutputsNearPlusOrMinusOne() {
    float[] tanh = {-0.995f, 0.98f, 0.999f, 0f};

    assertThat(Saturation.fraction(ActivationKind.TANH, tanh, 1, 4, 0.01)).isEqualTo(0.5);
  }

  @Test
  void softmaxCountsConfidentRows() {
    float[] softmax = {
      0.995f, 0.004f, 0.001f,
      0.4f, 0.3f, 0.3f,
      0.001f, 0.001f, 0.998f,
      0.5f, 0.49f, 0.01f
    };

    assertThat(Saturation.fraction(ActivationKind.SOFTMAX, softmax, 4, 3, 0.01)).isEqualTo(0.5);
  }

  @Test
  void refusesActivationsThatDoNotSaturate() {
    assertThatThrownBy(() -> Saturation.fraction(ActivationKind.RELU, new float[1], 1, 1, 0.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relu does not saturate");
  }
}
