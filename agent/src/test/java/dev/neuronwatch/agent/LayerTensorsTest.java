package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuronwatch.protocol.ActivationKind;
import org.junit.jupiter.api.Test;

class LayerTensorsTest {

  @Test
  void holdsTheArraysItIsPointedAt() {
    float[] output = new float[6];
    float[] weights = new float[12];

    LayerTensors layer =
        LayerTensors.of("dense_0", 1, ActivationKind.TANH, 2, 3).output(output).weights(weights);

    assertThat(layer.name()).isEqualTo("dense_0");
    assertThat(layer.depth()).isEqualTo(1);
    assertThat(layer.activation()).isEqualTo(ActivationKind.TANH);
    assertThat(layer.batch()).isEqualTo(2);
    assertThat(layer.units()).isEqualTo(3);
    assertThat(layer.output()).isSameAs(output);
    assertThat(layer.weights()).isSameAs(weights);
    assertThat(layer.outputGradient()).isNull();
    assertThat(layer.batch(1).batch()).isEqualTo(1);
  }

  @Test
  void rejectsWhatTheWireWouldRejectNamingTheField() {
    assertThatThrownBy(() -> LayerTensors.of("has space", 0, ActivationKind.RELU, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("name:");
    assertThatThrownBy(() -> LayerTensors.of("l", -1, ActivationKind.RELU, 1, 1))
        .hasMessageStartingWith("depth:");
    assertThatThrownBy(() -> LayerTensors.of("l", 0, null, 1, 1))
        .hasMessageStartingWith("activation:");
    assertThatThrownBy(() -> LayerTensors.of("l", 0, ActivationKind.RELU, 1, 0))
        .hasMessageStartingWith("units:");
    assertThatThrownBy(() -> LayerTensors.of("l", 0, ActivationKind.RELU, 0, 1))
        .hasMessageStartingWith("batch must be positive");
    assertThatThrownBy(() -> LayerTensors.of("l", 0, ActivationKind.RELU, 1 << 16, 1 << 16))
        .hasMessageStartingWith("batch x units must fit in an array");
  }
}
