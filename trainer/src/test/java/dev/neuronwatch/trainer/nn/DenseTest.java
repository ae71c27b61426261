package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseTest {

  private static Dense identityLayer(int units, double dropout, int capacity) {
    Dense layer = new Dense("d", units, units, new Linear(), dropout, capacity);
    for (int i = 0; i < units; i++) {
      layer.weights().value()[i * units + i] = 1f;
    }
    return layer;
  }

  @Test
  void invertedDropoutZeroesAboutTheRateAndRescalesTheRest() {
    int units = 100;
    Dense layer = identityLayer(units, 0.25, 40);
    float[] ones = new float[40 * units];
    Arrays.fill(ones, 1f);
    layer.forward(ones, 40, new SplittableRandom(1));
    int dropped = 0;
    for (int i = 0; i < ones.length; i++) {
      float out = layer.output()[i];
      assertThat(out).isIn(0f, 1f / 0.75f);
      dropped += out == 0f ? 1 : 0;
      assertThat(layer.activations()[i]).isEqualTo(1f);
    }
    assertThat(dropped / (double) ones.length).isBetween(0.22, 0.28);
  }

  @Test
  void inferenceAppliesNoDropout() {
    Dense layer = identityLayer(3, 0.5, 2);
    float[] x = {1, 2, 3, 4, 5, 6};
    layer.forward(x, 2, null);
    assertThat(layer.output()).containsExactly(x);
  }

  @Test
  void droppedUnitsPassNoGradient() {
    Dense layer = identityLayer(50, 0.5, 1);
    float[] x = new float[50];
    Arrays.fill(x, 1f);
    layer.forward(x, 1, new SplittableRandom(2));
    Arrays.fill(layer.outputGradient(), 1f);
    float[] dx = new float[50];
    layer.backward(x, 1, dx);
    for (int i = 0; i < 50; i++) {
      assertThat(dx[i]).isEqualTo(layer.output()[i] == 0f ? 0f : 2f);
    }
  }

  @Test
  void rejectsBatchesBeyondItsCapacityAndMismatchedStacks() {
    Dense layer = identityLayer(2, 0, 4);
    assertThatThrownBy(() -> layer.forward(new float[10], 5, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rows must be in [1, 4], was 5");
    assertThatThrownBy(() -> new Network(List.of(layer, new Dense("o", 3, 1, new Linear(), 0, 4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 3 inputs");
    assertThatThrownBy(() -> new Dense("d", 2, 2, new Relu(), 1.0, 4))
        .hasMessageContaining("dropout");
  }

  @Test
  void parametersListWeightsBiasAndActivationParameters() {
    Dense layer = new Dense("dense_0", 2, 3, new Prelu(3, 0.25), 0, 1);
    assertThat(layer.parameters()).hasSize(3);
    assertThat(layer.parameters().get(0).decays()).isTrue();
    assertThat(layer.parameters().get(1).decays()).isFalse();
    assertThat(layer.parameters().get(2).decays()).isFalse();
  }
}
