package dev.neuronwatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.protocol.ActivationKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class Dl4jActivationsTest {

  private static ActivationKind kind(Activation activation) {
    return Dl4jActivations.kindOf(activation.getActivationFunction()).orElse(null);
  }

  @Test
  void mapsEachFamilyToItsKind() {
    assertThat(kind(Activation.RELU)).isEqualTo(ActivationKind.RELU);
    assertThat(kind(Activation.RELU6)).isEqualTo(ActivationKind.RELU);
    assertThat(kind(Activation.LEAKYRELU)).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(kind(Activation.RRELU)).isEqualTo(ActivationKind.LEAKY_RELU);
    assertThat(kind(Activation.ELU)).isEqualTo(ActivationKind.ELU);
    assertThat(kind(Activation.SELU)).isEqualTo(ActivationKind.ELU);
    assertThat(kind(Activation.SIGMOID)).isEqualTo(ActivationKind.SIGMOID);
    assertThat(kind(Activation.HARDSIGMOID)).isEqualTo(ActivationKind.SIGMOID);
    assertThat(kind(Activation.TANH)).isEqualTo(ActivationKind.TANH);
    assertThat(kind(Activation.HARDTANH)).isEqualTo(ActivationKind.TANH);
    assertThat(kind(Activation.SOFTMAX)).isEqualTo(ActivationKind.SOFTMAX);
    assertThat(kind(Activation.GELU)).isEqualTo(ActivationKind.GELU);
    assertThat(kind(Activation.SWISH)).isEqualTo(ActivationKind.SWISH);
    assertThat(kind(Activation.IDENTITY)).isEqualTo(ActivationKind.LINEAR);
  }

  @Test
  void aReluWithANegativeSlopeIsLeaky() {
    assertThat(
            Dl4jActivations.kindOf(
                new org.nd4j.linalg.activations.impl.ActivationReLU(null, null, 0.1)))
        .contains(ActivationKind.LEAKY_RELU);
  }

  @Test
  void functionsOfNoFamilyHaveNoKind() {
    assertThat(kind(Activation.CUBE)).isNull();
    assertThat(kind(Activation.SOFTPLUS)).isNull();
    assertThat(kind(Activation.SOFTSIGN)).isNull();
    assertThat(kind(Activation.MISH)).isNull();
  }

  @Test
  void layerNamesBecomeValidLabels() {
    assertThat(LayerKinds.label("dense 1", "x")).isEqualTo("dense_1");
    assertThat(LayerKinds.label("_hidden", "x")).isEqualTo("l_hidden");
    assertThat(LayerKinds.label(null, "layer3")).isEqualTo("layer3");
    assertThat(LayerKinds.label("a".repeat(200), "x")).hasSize(128);
  }
}
