package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property checked over 300 generated cases (seeded, so a failure names the seed that reproduces
 * it): Chan's merge of two partial accumulators equals one pass over the concatenation. Cases
 * include empty parts, repeated values, exact zeros and non-finite values.
 */
class StatsAccumulatorPropertyTest {

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /**
   * Up to rounding: the tolerance is relative to the data's scale (1e-9 of max(1, mean^2,
   * variance)), far above double rounding of a few hundred values and far below any error a wrong
   * formula would make.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mergeOfTwoPartsEqualsTheAccumulatorOfTheirConcatenation(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] left = values(random);
    float[] right = values(random);
    boolean withNonFinite = random.nextBoolean();

    StatsAccumulator first = accumulate(left, withNonFinite);
    StatsAccumulator second = accumulate(right, false);
    StatsAccumulator whole = accumulate(left, withNonFinite);
    for (float x : right) {
      whole.add(x);
    }

    first.merge(second);

    double scale = Math.max(1, Math.max(whole.mean() * whole.mean(), whole.variance()));
    assertThat(first.count()).isEqualTo(whole.count());
    assertThat(first.mean()).isCloseTo(whole.mean(), within(1e-9 * Math.sqrt(scale)));
    assertThat(first.variance()).isCloseTo(whole.variance(), within(1e-9 * scale));
    assertThat(first.min()).isEqualTo(whole.min());
    assertThat(first.max()).isEqualTo(whole.max());
    assertThat(first.zeroFraction()).isCloseTo(whole.zeroFraction(), within(1e-15));
    assertThat(first.nanCount()).isEqualTo(whole.nanCount());
    assertThat(first.infCount()).isEqualTo(whole.infCount());
  }

  /**
   * The blocked pass of addAll (two passes per block, Chan merges) and Welford one value at a time
   * agree, over arrays of up to eight blocks with NaN, infinities and zeros scattered in them.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void blockedPassEqualsOneValueAtATime(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[random.nextInt(8 * StatsAccumulator.BLOCK + 1)];
    double offset = random.nextBoolean() ? 0 : 1e4;
    for (int i = 0; i < values.length; i++) {
      int kind = random.nextInt(50);
      values[i] =
          kind == 0
              ? Float.NaN
              : kind == 1
                  ? Float.NEGATIVE_INFINITY
                  : kind < 6 ? 0f : (float) (offset + random.nextGaussian());
    }
    int n = values.length == 0 ? 0 : random.nextInt(values.length + 1);
    StatsAccumulator blocked = new StatsAccumulator();
    blocked.addAll(values, n);
    StatsAccumulator oneByOne = new StatsAccumulator();
    for (int i = 0; i < n; i++) {
      oneByOne.add(values[i]);
    }

    double scale = Math.max(1, Math.max(oneByOne.mean() * oneByOne.mean(), oneByOne.variance()));
    assertThat(blocked.count()).isEqualTo(oneByOne.count());
    assertThat(blocked.mean()).isCloseTo(oneByOne.mean(), within(1e-9 * Math.sqrt(scale)));
    assertThat(blocked.variance()).isCloseTo(oneByOne.variance(), within(1e-9 * scale));
    assertThat(blocked.min()).isEqualTo(oneByOne.min());
    assertThat(blocked.max()).isEqualTo(oneByOne.max());
    assertThat(blocked.zeroFraction()).isEqualTo(oneByOne.zeroFraction());
    assertThat(blocked.nanCount()).isEqualTo(oneByOne.nanCount());
    assertThat(blocked.infCount()).isEqualTo(oneByOne.infCount());
  }

  /** 0 to 200 values in [-1e4, 1e4]: some cases all one value, some with many exact zeros. */
  private static float[] values(SplittableRandom random) {
    float[] values = new float[random.nextInt(201)];
    int shape = random.nextInt(4);
    float constant = (float) random.nextDouble(-1e4, 1e4);
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (shape) {
            case 0 -> constant;
            case 1 -> random.nextBoolean() ? 0f : (float) random.nextDouble(-1e4, 1e4);
            case 2 -> (float) (1e4 - random.nextDouble(1e-2));
            default -> (float) random.nextDouble(-1e4, 1e4);
          };
    }
    return values;
  }

  private static StatsAccumulator accumulate(float[] values, boolean withNonFinite) {
    StatsAccumulator stats = new StatsAccumulator();
    for (float x : values) {
      stats.add(x);
    }
    if (withNonFinite) {
      stats.add(Float.NaN);
      stats.add(Float.NEGATIVE_INFINITY);
    }
    return stats;
  }
}
