package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuronwatch.protocol.TensorSummary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsAccumulatorTest {

  private static TensorSummary summarize(float... values) {
    StatsAccumulator stats = new StatsAccumulator();
    stats.addAll(values, values.length);
    return stats.toSummary();
  }

  @Test
  void summarisesASmallArrayExactly() {
    TensorSummary s = summarize(0f, 1f, 2f, 3f, 4f, 0f);

    assertThat(s.count()).isEqualTo(6);
    assertThat(s.mean()).isEqualTo(10.0 / 6);
    // Population variance: sum((x - 5/3)^2) / 6 = (120/9) / 6 = 20/9.
    assertThat(s.variance()).isCloseTo(20.0 / 9, within(1e-15));
    assertThat(s.min()).isEqualTo(0);
    assertThat(s.max()).isEqualTo(4);
    assertThat(s.zeroFraction()).isEqualTo(2.0 / 6);
    assertThat(s.nanCount()).isZero();
    assertThat(s.infCount()).isZero();
  }

  @Test
  void readsOnlyTheFirstNValues() {
    StatsAccumulator stats = new StatsAccumulator();
    stats.addAll(new float[] {1f, 3f, 1000f, Float.NaN}, 2);

    TensorSummary s = stats.toSummary();
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.mean()).isEqualTo(2);
    assertThat(s.variance()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(3);
    assertThat(s.nanCount()).isZero();
  }

  @Test
  void countsNanAndInfinitySeparatelyAndKeepsThemOutOfTheMoments() {
    TensorSummary s =
        summarize(
            Float.NaN, 2f, Float.POSITIVE_INFINITY, 4f, Float.NEGATIVE_INFINITY, Float.NaN, -0f);

    assertThat(s.count()).isEqualTo(3);
    assertThat(s.nanCount()).isEqualTo(2);
    assertThat(s.infCount()).isEqualTo(2);
    assertThat(s.mean()).isEqualTo(2);
    assertThat(s.variance()).isCloseTo(8.0 / 3, within(1e-15));
    assertThat(s.min()).isEqualTo(0);
    assertThat(s.max()).isEqualTo(4);
    assertThat(s.zeroFraction()).isEqualTo(1.0 / 3);
  }

  @Test
  void reportsZerosWhenNothingIsFinite() {
    TensorSummary s = summarize(Float.NaN, Float.POSITIVE_INFINITY);

    assertThat(s).isEqualTo(new TensorSummary(0, 0, 0, 0, 0, 0, 1, 1));
  }

  @Test
  void resetForgetsEverything() {
    StatsAccumulator stats = new StatsAccumulator();
    stats.addAll(new float[] {5f, Float.NaN, 7f}, 3);
    stats.reset();
    stats.addAll(new float[] {-1f, 1f}, 2);

    assertThat(stats.toSummary()).isEqualTo(new TensorSummary(2, 0, 1, -1, 1, 0, 0, 0));
  }

  @Test
  void mergeOfTwoHalvesEqualsOnePassOverTheWhole() {
    float[] whole = {0.5f, -2f, 3f, Float.NaN, 8f, 0f, -1.25f, Float.POSITIVE_INFINITY};
    StatsAccumulator left = new StatsAccumulator();
    left.addAll(new float[] {0.5f, -2f, 3f, Float.NaN}, 4);
    StatsAccumulator right = new StatsAccumulator();
    right.addAll(new float[] {8f, 0f, -1.25f, Float.POSITIVE_INFINITY}, 4);

    left.merge(right);

    TensorSummary merged = left.toSummary();
    TensorSummary direct = summarize(whole);
    assertThat(merged.count()).isEqualTo(direct.count());
    assertThat(merged.mean()).isCloseTo(direct.mean(), within(1e-12));
    assertThat(merged.variance()).isCloseTo(direct.variance(), within(1e-12));
    assertThat(merged.min()).isEqualTo(direct.min());
    assertThat(merged.max()).isEqualTo(direct.max());
    assertThat(merged.zeroFraction()).isEqualTo(direct.zeroFraction());
    assertThat(merged.nanCount()).isEqualTo(1);
    assertThat(merged.infCount()).isEqualTo(1);
  }

  @Test
  void mergingIntoAnEmptyAccumulatorCopiesTheOther() {
    StatsAccumulator empty = new StatsAccumulator();
    StatsAccumulator other = new StatsAccumulator();
    other.addAll(new float[] {2f, 4f}, 2);

    empty.merge(other);

    assertThat(empty.toSummary()).isEqualTo(other.toSummary());
  }

  /**
   * Activations near 1e4 that vary by about 0.01: float32 resolves steps of about 0.001 there, so
   * the data carry a real variance of about 1e-4. The textbook {@code E[x^2] - E[x]^2}, even summed
   * in double, subtracts two numbers near 1e8 and loses about half of it; Welford keeps ten
   * significant digits.
   */
  @Test
  void keepsTheVarianceOfDataFarFromZeroAccurate() {
    int n = 100_000;
    float[] values = new float[n];
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      values[i] = (float) (1e4 + random.nextGaussian() * 0.01);
    }
    double exact = exactVariance(values);

    StatsAccumulator stats = new StatsAccumulator();
    stats.addAll(values, n);

    assertThat(exact).isBetween(0.9e-4, 1.1e-4);
    assertThat(stats.variance()).isCloseTo(exact, within(exact * 1e-6));
    assertThat(Math.abs(naiveVariance(values) - exact)).isGreaterThan(exact * 0.1);
  }

  /**
   * The accuracy target: float32 data of mean 1e4 and standard deviation 1, n = 4M, has its
   * variance within a relative 1e-5 on either kernel. The reference is a two-pass double sum,
   * accurate to about 1e-12 here.
   */
  @Test
  void keepsTheVarianceOfFourMillionValuesFarFromZeroAccurateOnBothKernels() {
    int n = 1 << 22;
    float[] values = new float[n];
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      values[i] = (float) (1e4 + random.nextGaussian());
    }
    double sum = 0;
    for (float x : values) {
      sum += x;
    }
    double mean = sum / n;
    double squares = 0;
    for (float x : values) {
      squares += (x - mean) * (x - mean);
    }
    double reference = squares / n;

    for (FloatKernel kernel : new FloatKernel[] {ScalarKernel.INSTANCE, FloatKernel.get()}) {
      StatsAccumulator stats = new StatsAccumulator(kernel);
      stats.addAll(values, n);
      assertThat(stats.variance())
          .as(kernel.describe())
          .isCloseTo(reference, within(1e-5 * reference));
      assertThat(stats.mean()).as(kernel.describe()).isCloseTo(mean, within(1e-9 * mean));
    }
  }

  @Test
  void rejectsALengthBeyondTheArray() {
    assertThatThrownBy(() -> new StatsAccumulator().addAll(new float[2], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be in [0, 2]");
  }

  private static double naiveVariance(float[] values) {
    double sum = 0;
    double sumOfSquares = 0;
    for (float x : values) {
      sum += x;
      sumOfSquares += (double) x * x;
    }
    double mean = sum / values.length;
    return sumOfSquares / values.length - mean * mean;
  }

  private static double exactVariance(float[] values) {
    BigDecimal n = BigDecimal.valueOf(values.length);
    BigDecimal sum = BigDecimal.ZERO;
    for (float x : values) {
      sum = sum.add(new BigDecimal(x));
    }
    BigDecimal mean = sum.divide(n, MathContext.DECIMAL128);
    BigDecimal squares = BigDecimal.ZERO;
    for (float x : values) {
      BigDecimal d = new BigDecimal(x).subtract(mean);
      squares = squares.add(d.multiply(d));
    }
    return squares.divide(n, MathContext.DECIMAL128).doubleValue();
  }
}
