package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.GradientSummary;
import org.junit.jupiter.api.Test;

class GradientSummarizerTest {

  private final GradientSummarizer gradients = new GradientSummarizer();

  @Test
  void computesNormsAndMeanAbsoluteWeightGradient() {
    float[] weightGradient = {3f, -4f, 0f, 0f};
    float[] biasGradient = {1f, -2f, 2f};
    float[] outputGradient = {0.6f, 0.8f, 100f}; // only the first two are read

    GradientSummary g = gradients.summarize(weightGradient, biasGradient, outputGradient, 2);

    assertThat(g.weightNorm()).isEqualTo(5.0);
    assertThat(g.weightMeanAbs()).isEqualTo(7.0 / 4);
    assertThat(g.biasNorm()).isEqualTo(3.0);
    assertThat(g.outputNorm()).isCloseTo(1.0, within(1e-7));
    assertThat(g.nanCount()).isZero();
    assertThat(g.infCount()).isZero();
  }

  @Test
  void countsNonFiniteElementsOfAllThreeAndLeavesThemOutOfTheNorms() {
    float[] weightGradient = {Float.NaN, 3f, 4f};
    float[] biasGradient = {Float.POSITIVE_INFINITY};
    float[] outputGradient = {Float.NEGATIVE_INFINITY, Float.NaN};

    GradientSummary g = gradients.summarize(weightGradient, biasGradient, outputGradient, 2);

    assertThat(g.weightNorm()).isEqualTo(5.0);
    assertThat(g.weightMeanAbs()).isEqualTo(3.5);
    assertThat(g.biasNorm()).isZero();
    assertThat(g.outputNorm()).isZero();
    assertThat(g.nanCount()).isEqualTo(2);
    assertThat(g.infCount()).isEqualTo(2);
  }

  @Test
  void missingGradientsContributeZeroAndNoneAtAllGiveNoSummary() {
    assertThat(gradients.summarize(null, null, null, 0)).isNull();

    GradientSummary onlyBias = gradients.summarize(null, new float[] {2f}, null, 0);
    assertThat(onlyBias).isEqualTo(new GradientSummary(0, 2, 0, 0, 0, 0));
  }

  @Test
  void updateRatioIsUpdateNormOverWeightNorm() {
    float[] weights = {6f, 8f};
    float[] update = {0.006f, 0.008f};

    double weightNorm = gradients.l2Norm(weights);

    assertThat(weightNorm).isEqualTo(10.0);
    assertThat(gradients.updateRatio(update, weightNorm)).isCloseTo(1e-3, within(1e-9));
  }

  @Test
  void updateRatioIsAbsentWithoutAnUpdateOrWithZeroWeights() {
    assertThat(gradients.updateRatio(null, 1.0)).isNull();
    assertThat(gradients.updateRatio(new float[] {1f}, 0.0)).isNull();
    assertThat(gradients.l2Norm(null)).isNull();
  }
}
