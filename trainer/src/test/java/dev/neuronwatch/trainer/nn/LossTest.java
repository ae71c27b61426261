package dev.neuronwatch.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LossTest {

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of(new SoftmaxCrossEntropy(1.0), true),
        Arguments.of(new SoftmaxCrossEntropy(0.7), true),
        Arguments.of(new SigmoidBinaryCrossEntropy(), false),
        Arguments.of(new MeanSquaredError(), false));
  }

  @ParameterizedTest
  @MethodSource("losses")
  void logitGradientMatchesCentralDifference(Loss loss, boolean oneHot) {
    SplittableRandom random = new SplittableRandom(11);
    int rows = 4;
    int cols = 3;
    float[] logits = ActivationDerivativeTest.randomArray(rows * cols, random, 3.0);
    float[] targets = targets(rows, cols, oneHot, random);
    float[] gradient = new float[rows * cols];
    loss.compute(logits, targets, rows, cols, gradient);
    for (int i = 0; i < logits.length; i++) {
      float saved = logits[i];
      double h = 1e-2;
      logits[i] = (float) (saved + h);
      double up = loss.compute(logits, targets, rows, cols, null);
      logits[i] = (float) (saved - h);
      double down = loss.compute(logits, targets, rows, cols, null);
      logits[i] = saved;
      double numeric = (up - down) / (2 * h);
      assertThat((double) gradient[i]).isCloseTo(numeric, within(1e-5 + 1e-3 * Math.abs(numeric)));
    }
  }

  @Test
  void crossEntropyStaysFiniteForExtremeLogits() {
    float[] logits = {1000f, -1000f, 0f};
    float[] targets = {0f, 1f, 0f};
    float[] gradient = new float[3];
    double loss = new SoftmaxCrossEntropy(1.0).compute(logits, targets, 1, 3, gradient);
    assertThat(loss).isCloseTo(2000.0, within(1e-9));
    assertThat(gradient).containsExactly(1f, -1f, 0f);
  }

  @Test
  void binaryCrossEntropyStaysFiniteForExtremeLogits() {
    float[] logits = {-800f, 800f};
    float[] targets = {1f, 1f};
    float[] gradient = new float[2];
    double loss = new SigmoidBinaryCrossEntropy().compute(logits, targets, 1, 2, gradient);
    assertThat(loss).isCloseTo(400.0, within(1e-9));
    assertThat(gradient).containsExactly(-0.5f, 0f);
  }

  @Test
  void crossEntropyOfAUniformPredictionIsLogK() {
    float[] logits = new float[8];
    float[] targets = {1, 0, 0, 0, 0, 1, 0, 0};
    assertThat(new SoftmaxCrossEntropy(1.0).compute(logits, targets, 2, 4, null))
        .isCloseTo(Math.log(4), within(1e-12));
  }

  @Test
  void meanSquaredErrorAveragesOverAllElements() {
    float[] predictions = {1, 2, 3, 4};
    float[] targets = {1, 0, 3, 0};
    assertThat(new MeanSquaredError().compute(predictions, targets, 2, 2, null))
        .isEqualTo((4 + 16) / 4.0);
  }

  private static float[] targets(int rows, int cols, boolean oneHot, SplittableRandom random) {
    float[] targets = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (oneHot) {
        targets[r * cols + random.nextInt(cols)] = 1;
      } else {
        for (int j = 0; j < cols; j++) {
          targets[r * cols + j] = (float) random.nextDouble();
        }
      }
    }
    return targets;
  }
}
