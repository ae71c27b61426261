package dev.neuronwatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitKindTest {
  private static final int FAN_IN = 50;
  private static final int FAN_OUT = 150;

  @ParameterizedTest
  @CsvSource({
    "HE_NORMAL, 0.2, false", // sqrt(2 / 50)
    "HE_UNIFORM, 0.2, true", // limit sqrt(6 / 50), std limit / sqrt 3
    "XAVIER_NORMAL, 0.1, false", // sqrt(2 / 200)
    "XAVIER_UNIFORM, 0.1, true", // limit sqrt(6 / 200)
    "STANDARD_UNIFORM, 0.0816496580927726, true", // limit 1 / sqrt(50), std limit / sqrt 3
    "NORMAL, 0.03, false",
    "ZERO, 0.0, false"
  })
  void drawsWeightsWithTheExpectedSpread(InitKind kind, double std, boolean uniform) {
    float[] weights = new float[FAN_IN * FAN_OUT];
    kind.fill(weights, FAN_IN, FAN_OUT, 0.03, new SplittableRandom(1));
    double sum = 0;
    double squares = 0;
    double max = 0;
    for (float w : weights) {
      sum += w;
      squares += (double) w * w;
      max = Math.max(max, Math.abs(w));
    }
    double mean = sum / weights.length;
    double measured = Math.sqrt(squares / weights.length - mean * mean);
    assertThat(mean).isCloseTo(0, within(0.05 * std + 1e-12));
    assertThat(measured).isCloseTo(std, within(0.03 * std + 1e-12));
    if (uniform) {
      assertThat(max).isLessThanOrEqualTo(std * Math.sqrt(3) + 1e-6);
    }
  }
}
