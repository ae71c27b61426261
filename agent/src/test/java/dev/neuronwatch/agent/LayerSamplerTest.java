package dev.neuronwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.GradientSummary;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.ParameterRange;
import dev.neuronwatch.protocol.TensorSummary;
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
    assertThat(sample.gradient()).isEqualTo(new GradientSummary(Math.sqrt(2), 0.5, 5, 1, 0, 0));
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

  @Test
  void reportsDeadUnitsForReluAndTheNegativeRegimeForItsLeakyRelatives() {
    float[] output = {-0.5f, 0f, 1f, -0.25f, 0f, 0f};

    LayerSample relu =
        sampler.sample(
            LayerTensors.of("r", 0, ActivationKind.RELU, 2, 3)
                .output(new float[] {0f, 0f, 1f, 0f, 0f, 0f}));
    assertThat(relu.deadFraction()).isEqualTo(2.0 / 3);
    assertThat(relu.negativeFraction()).isNull();

    for (ActivationKind kind :
        new ActivationKind[] {
          ActivationKind.LEAKY_RELU, ActivationKind.PRELU, ActivationKind.ELU
        }) {
      LayerSample leaky = sampler.sample(LayerTensors.of("l", 0, kind, 2, 3).output(output));
      // Unit 0 is negative for both examples; unit 1 sits at exactly 0, which is not negative.
      assertThat(leaky.negativeFraction()).as(kind.wireName()).isEqualTo(1.0 / 3);
      assertThat(leaky.deadFraction()).as(kind.wireName()).isNull();
    }
  }

  @Test
  void reportsTheActivationGainOnlyWithAnOutputGradient() {
    float[] y = {0.1f, 0.9f, 0.5f, 0.3f};
    float[] g = {1f, 2f, -1f, 0.5f};
    double dz2 = 0;
    double g2 = 0;
    for (int i = 0; i < y.length; i++) {
      double dz = g[i] * (1 - (double) y[i] * y[i]);
      dz2 += dz * dz;
      g2 += g[i] * (double) g[i];
    }

    LayerTensors tanh = LayerTensors.of("t", 1, ActivationKind.TANH, 2, 2).output(y);
    assertThat(sampler.sample(tanh).activationGain()).isNull();
    assertThat(sampler.sample(tanh.outputGradient(g)).activationGain())
        .isCloseTo(Math.sqrt(dz2 / g2), within(1e-12));
    assertThat(sampler.sample(tanh.outputGradient(new float[4])).activationGain()).isNull();
    assertThat(
            sampler
                .sample(
                    LayerTensors.of("r", 1, ActivationKind.RELU, 2, 2).output(y).outputGradient(g))
                .activationGain())
        .isNull();
  }

  @Test
  void reportsPreluSlopesAsMeanAndMinimum() {
    LayerTensors prelu =
        LayerTensors.of("p", 0, ActivationKind.PRELU, 1, 3)
            .output(new float[] {1f, -1f, 2f})
            .alpha(new float[] {0.25f, 0.05f, 0.3f, 99f});

    ParameterRange alpha = sampler.sample(prelu).alpha();

    assertThat(alpha.mean()).isCloseTo((0.25f + 0.05f + 0.3f) / 3.0, within(1e-7));
    assertThat(alpha.min()).isEqualTo(0.05f);
    assertThat(sampler.sample(prelu.alpha(new float[] {0.1f})).alpha())
        .isEqualTo(new ParameterRange(0.1f, 0.1f));
    assertThat(sampler.sample(prelu.alpha(new float[] {0.1f, Float.NaN, 0.2f})).alpha()).isNull();
    assertThat(sampler.sample(prelu.alpha(null)).alpha()).isNull();
    LayerTensors elu =
        LayerTensors.of("e", 0, ActivationKind.ELU, 1, 1)
            .output(new float[] {1f})
            .alpha(new float[] {1f});
    assertThat(sampler.sample(elu).alpha()).isNull();
  }

  @Test
  void refusesPreluSlopesOfAnotherLength() {
    LayerTensors prelu =
        LayerTensors.of("p", 0, ActivationKind.PRELU, 1, 3)
            .output(new float[] {1f, -1f, 2f})
            .alpha(new float[] {0.25f, 0.05f});

    assertThatThrownBy(() -> sampler.sample(prelu))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p: alpha holds 2 values, needs 1 (a shared slope) or units = 3");
  }

  @Test
  void countsNonFiniteWeightsAndUpdateAndThenReportsNoNormOrRatio() {
    LayerTensors layer =
        LayerTensors.of("l", 0, ActivationKind.LINEAR, 1, 1)
            .output(new float[] {1f})
            .weights(new float[] {3f, Float.NaN, 4f, Float.NEGATIVE_INFINITY})
            .lastUpdate(new float[] {0.1f, 0.1f});

    LayerSample nanWeights = sampler.sample(layer);
    assertThat(nanWeights.weightNonFinite()).isEqualTo(2);
    assertThat(nanWeights.weightNorm()).isNull();
    assertThat(nanWeights.updateNonFinite()).isZero();
    assertThat(nanWeights.updateRatio()).isNull();

    LayerSample nanUpdate =
        sampler.sample(
            layer
                .weights(new float[] {3f, 4f})
                .lastUpdate(new float[] {Float.POSITIVE_INFINITY, 0f}));
    assertThat(nanUpdate.weightNonFinite()).isZero();
    assertThat(nanUpdate.weightNorm()).isEqualTo(5.0);
    assertThat(nanUpdate.updateNonFinite()).isEqualTo(1);
    assertThat(nanUpdate.updateRatio()).isNull();
    assertThat(nanUpdate.parameterNonFiniteCount()).isEqualTo(1);

    LayerSample none = sampler.sample(layer.weights(null).lastUpdate(null));
    assertThat(none.weightNonFinite()).isNull();
    assertThat(none.updateNonFinite()).isNull();
  }
}
