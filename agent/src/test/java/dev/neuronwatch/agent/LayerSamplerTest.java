package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.model.ActivationKind;
import dev.neuronwatch.model.GradientSummary;
import dev.neuronwatch.model.LayerSample;
import dev.neuronwatch.model.TensorSummary;
import org.junit.jupiter.api.Test;

class LayerSamplerTest {

  private final LayerSampler sampler = new LayerSampler(0.01);

  @Test
  void measuresAReluLayerWithGradientsAndWeights() {
    LayerTensors layer =
        LayerTensors.of("dense_0", 0, ActivationKind.RELU, 2, 3)
            .output(new float[] {0f, 2f, 0f, 0f, 4f, 3f})
            .outputGradient(new float[] {0f, 3f, 0f, 0f, 4f, 0f})
            .weights(new float[] {3f, 4f})
            .weightGradient(new float[] {1f, -1f})
            .biasGradient(new float[] {0.5f})
            .lastUpdate(new float[] {0.03f, 0.04f});

    LayerSample sample = sampler.sample(layer);

    assertThat(sample.name()).isEqualTo("dense_0");
    assertThat(sample.depth()).isZero();
    assertThat(sample.activation()).isEqualTo(ActivationKind.RELU);
    assertThat(sample.units()).isEqualTo(3);
    TensorSummary output = sample.output();
    assertThat(output.count()).isEqualTo(6);
    assertThat(output.mean()).isCloseTo(1.5, within(1e-15));
    // Squared deviations from 1.5: 2.25 + 0.25 + 2.25 + 2.25 + 6.25 + 2.25 = 15.5.
    assertThat(output.variance()).isCloseTo(15.5 / 6, within(1e-15));
    assertThat(output.min()).isZero();
    assertThat(output.max()).isEqualTo(4);
    assertThat(output.zeroFraction()).isEqualTo(0.5);
    assertThat(output.nonFiniteCount()).isZero();
    assertThat(sample.deadFraction()).isEqualTo(1.0 / 3);
    assertThat(sample.saturationFraction()).isNull();
    assertThat(sample.gradient())
        .isEqualTo(new GradientSummary(Math.sqrt(2), 0.5, 5, 1, 0, 0));
    assertThat(sample.weightNorm()).isEqualTo(5.0);
    assertThat(sample.updateRatio()).isCloseTo(0.01, within(1e-9));
  }

  @Test
  void measuresSaturationButNotDeadUnitsForSigmoid() {
    LayerTensors layer =
        LayerTensors.of("gate", 2, ActivationKind.SIGMOID, 1, 4)
            .output(new float[] {0.001f, 0.5f, 0.999f, 0.7f});

    LayerSample sample = sampler.sample(layer);

    assertThat(sample.saturationFraction()).isEqualTo(0.5);
    assertThat(sample.deadFraction()).isNull();
  }

  @Test
  void leavesOutWhatItWasNotGivenAndWhatDoesNotApply() {
    LayerTensors layer =
        LayerTensors.of("logits", 3, ActivationKind.LINEAR, 1, 2).output(new float[] {-1f, 1f});

    LayerSample sample = sampler.sample(layer);

    assertThat(sample.deadFraction()).isNull();
    assertThat(sample.saturationFraction()).isNull();
    assertThat(sample.gradient()).isNull();
    assertThat(sample.weightNorm()).isNull();
    assertThat(sample.updateRatio()).isNull();
  }

  @Test
  void hasNoUpdateRatioWhenTheWeightsAreAllZero() {
    LayerTensors layer =
        LayerTensors.of("l", 0, ActivationKind.RELU, 1, 1)
            .output(new float[] {1f})
            .weights(new float[] {0f, 0f})
            .lastUpdate(new float[] {0.1f, 0.1f});

    LayerSample sample = sampler.sample(layer);

    assertThat(sample.weightNorm()).isZero();
    assertThat(sample.updateRatio()).isNull();
  }

  @Test
  void countsNonFiniteOutputsAndGradients() {
    LayerTensors layer =
        LayerTensors.of("l", 0, ActivationKind.TANH, 1, 3)
            .output(new float[] {Float.NaN, 0.2f, Float.POSITIVE_INFINITY})
            .weightGradient(new float[] {Float.NaN, 1f});

    LayerSample sample = sampler.sample(layer);

    assertThat(sample.output().nanCount()).isEqualTo(1);
    assertThat(sample.output().infCount()).isEqualTo(1);
    assertThat(sample.nonFiniteCount()).isEqualTo(3);
  }

  @Test
  void refusesMissingOrShortArraysNamingLayerAndArray() {
    LayerTensors noOutput = LayerTensors.of("l", 0, ActivationKind.RELU, 2, 2);
    assertThatThrownBy(() -> sampler.sample(noOutput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("l: output is required");

    LayerTensors shortGradient =
        LayerTensors.of("l", 0, ActivationKind.RELU, 2, 2)
            .output(new float[4])
            .outputGradient(new float[3]);
    assertThatThrownBy(() -> sampler.sample(shortGradient))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l: outputGradient holds 3 values")
        .hasMessageContaining("needs 4");
  }
}
