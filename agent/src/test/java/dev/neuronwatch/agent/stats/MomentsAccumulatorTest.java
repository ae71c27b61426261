package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MomentsAccumulatorTest {

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** Over seeded random arrays with zeros, NaN and infinities, on either kernel. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithTheFullStatisticsAndTheNorm(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[random.nextInt(5 * StatsAccumulator.BLOCK)];
    double offset = random.nextBoolean() ? 0 : 1e4;
    for (int i = 0; i < values.length; i++) {
      int kind = random.nextInt(60);
      values[i] =
          kind == 0
              ? Float.NaN
              : kind == 1
                  ? Float.POSITIVE_INFINITY
                  : kind < 8 ? 0f : (float) (offset + random.nextGaussian());
    }
    StatsAccumulator stats = new StatsAccumulator();
    stats.addAll(values, values.length);
    NormAccumulator norm = new NormAccumulator();
    norm.addAll(values, values.length);

    for (FloatKernel kernel : new FloatKernel[] {ScalarKernel.INSTANCE, FloatKernel.get()}) {
      MomentsAccumulator moments = new MomentsAccumulator(kernel);
      moments.addAll(values, values.length);
      double scale = Math.max(1, Math.max(stats.mean() * stats.mean(), stats.variance()));
      assertThat(moments.count()).isEqualTo(stats.count());
      assertThat(moments.mean()).isCloseTo(stats.mean(), within(1e-9 * Math.sqrt(scale)));
      assertThat(moments.variance()).isCloseTo(stats.variance(), within(1e-9 * scale));
      assertThat(moments.zeroFraction()).isEqualTo(stats.zeroFraction());
      assertThat(moments.nanCount()).isEqualTo(stats.nanCount());
      assertThat(moments.infCount()).isEqualTo(stats.infCount());
      assertThat(moments.l2Norm()).isCloseTo(norm.l2Norm(), within(1e-9 * norm.l2Norm()));
    }
  }

  @Test
  void resetForgetsEverything() {
    MomentsAccumulator moments = new MomentsAccumulator();
    moments.addAll(new float[] {3f, 4f, Float.NaN}, 3);
    assertThat(moments.l2Norm()).isEqualTo(5.0);
    assertThat(moments.mean()).isEqualTo(3.5);

    moments.reset();

    assertThat(moments.count()).isZero();
    assertThat(moments.l2Norm()).isZero();
    assertThat(moments.nanCount()).isZero();
  }

  @Test
  void rejectsALengthBeyondTheArray() {
    assertThatThrownBy(() -> new MomentsAccumulator().addAll(new float[2], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be in [0, 2]");
  }
}
