package dev.neuronwatch.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD kernel and the scalar one agree, over 500 seeded random cases each (a failure names the
 * seed that reproduces it): arrays of 0 to three blocks, of lengths that fill no whole vector, read
 * from any offset, holding normal values of several scales, exact zeros of both signs, denormals,
 * the largest floats, NaN and infinities. Counts, minimum and maximum are equal; sums equal up to
 * double rounding in another order.
 */
class FloatKernelTest {
  private static final FloatKernel SCALAR = ScalarKernel.INSTANCE;
  private static final FloatKernel VECTOR = VectorKernel.INSTANCE;

  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  @Test
  void theVectorKernelIsChosenWhenTheModuleIsPresent() {
    // The build runs the tests with --add-modules jdk.incubator.vector.
    assertThat(FloatKernel.Selected.vectorModulePresent()).isTrue();
    assertThat(FloatKernel.get()).isSameAs(VECTOR);
    assertThat(VECTOR.describe()).startsWith("vector");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bothKernelsAgreeOnAChunk(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = values(random, random.nextInt(3 * StatsAccumulator.BLOCK + 1));
    int from = values.length == 0 ? 0 : random.nextInt(values.length + 1);
    int to = from + random.nextInt(values.length - from + 1);
    float shift = random.nextBoolean() ? 0 : (float) (random.nextGaussian() * 100);

    ChunkSums scalar = chunk(SCALAR, values, from, to, shift);
    ChunkSums vector = chunk(VECTOR, values, from, to, shift);

    assertThat(vector.finite).isEqualTo(scalar.finite);
    assertThat(vector.zeros).isEqualTo(scalar.zeros);
    assertThat(vector.nan).isEqualTo(scalar.nan);
    assertThat(vector.inf).isEqualTo(scalar.inf);
    assertThat(vector.finite + vector.nan + vector.inf).isEqualTo(to - from);
    // Either sign of zero may come out as the extreme of a chunk holding both.
    assertThat((double) vector.min).isCloseTo(scalar.min, within(0.0));
    assertThat((double) vector.max).isCloseTo(scalar.max, within(0.0));
    double scale = Math.max(1, scalar.sumOfSquaredDeviations);
    assertThat(vector.sumOfSquaredDeviations)
        .isCloseTo(scalar.sumOfSquaredDeviations, within(1e-12 * scale));
    assertThat(vector.sumOfDeviations)
        .isCloseTo(scalar.sumOfDeviations, within(1e-12 * Math.sqrt(scale * (to - from + 1))));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bothKernelsAgreeOnTheMomentsPass(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = values(random, random.nextInt(3 * StatsAccumulator.BLOCK + 1));
    float shift = random.nextBoolean() ? 0 : (float) (random.nextGaussian() * 100);

    ChunkSums scalar = new ChunkSums();
    scalar.clear();
    SCALAR.moments(values, 0, values.length, shift, scalar);
    ChunkSums vector = new ChunkSums();
    vector.clear();
    VECTOR.moments(values, 0, values.length, shift, vector);
    ChunkSums full = chunk(SCALAR, values, 0, values.length, shift);

    assertThat(vector.finite).isEqualTo(full.finite).isEqualTo(scalar.finite);
    assertThat(vector.zeros).isEqualTo(full.zeros).isEqualTo(scalar.zeros);
    assertThat(vector.nan).isEqualTo(full.nan).isEqualTo(scalar.nan);
    assertThat(vector.inf).isEqualTo(full.inf).isEqualTo(scalar.inf);
    double scale = Math.max(1, full.sumOfSquaredDeviations);
    assertThat(vector.sumOfSquaredDeviations)
        .isCloseTo(full.sumOfSquaredDeviations, within(1e-12 * scale));
    assertThat(scalar.sumOfSquaredDeviations).isEqualTo(full.sumOfSquaredDeviations);
    assertThat(scalar.sumOfDeviations).isEqualTo(full.sumOfDeviations);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bothKernelsAgreeOnNormsOfOneOrThreeArrays(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = random.nextInt(3 * StatsAccumulator.BLOCK + 1);
    float[] a = values(random, n + random.nextInt(3));
    float[] b = random.nextInt(4) == 0 ? null : values(random, n);
    float[] c = random.nextInt(4) == 0 ? null : values(random, n + random.nextInt(3));

    NormSums scalar = norms(SCALAR, a, b, c, n);
    NormSums vector = norms(VECTOR, a, b, c, n);

    for (int slot = 0; slot < NormSums.SLOTS; slot++) {
      assertThat(vector.finite[slot]).as("finite, slot %d", slot).isEqualTo(scalar.finite[slot]);
      assertThat(vector.nan[slot]).as("NaN, slot %d", slot).isEqualTo(scalar.nan[slot]);
      assertThat(vector.inf[slot]).as("Inf, slot %d", slot).isEqualTo(scalar.inf[slot]);
      assertThat(vector.sumOfSquares[slot])
          .isCloseTo(scalar.sumOfSquares[slot], within(1e-12 * scalar.sumOfSquares[slot]));
      assertThat(vector.sumOfAbs[slot])
          .isCloseTo(scalar.sumOfAbs[slot], within(1e-12 * scalar.sumOfAbs[slot]));
    }
    assertThat(vector.finite[1] + vector.nan[1] + vector.inf[1]).isEqualTo(b == null ? 0 : n);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void bothKernelsAgreeOnColumnMaxima(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int batch = 1 + random.nextInt(40);
    int units = 1 + random.nextInt(100);
    float[] output = values(random, batch * units + random.nextInt(3));
    float[] scalar = new float[units + 2];
    float[] vector = new float[units + 2];

    SCALAR.columnMax(output, batch, units, scalar);
    VECTOR.columnMax(output, batch, units, vector);

    for (int unit = 0; unit < units; unit++) {
      float expected = output[unit];
      for (int row = 1; row < batch; row++) {
        expected = Math.max(expected, output[row * units + unit]);
      }
      // Float.equals: NaN equals NaN, and -0 and +0 differ, as Math.max tells them apart.
      Object boxed = Float.valueOf(expected);
      assertThat((Object) Float.valueOf(scalar[unit])).as("scalar, unit %d", unit).isEqualTo(boxed);
      assertThat((Object) Float.valueOf(vector[unit])).as("vector, unit %d", unit).isEqualTo(boxed);
    }
  }

  @Test
  void scalarKernelCountsEachKindOfValue() {
    float[] values = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MAX_VALUE,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      2f
    };
    for (FloatKernel kernel : new FloatKernel[] {SCALAR, VECTOR}) {
      ChunkSums sums = chunk(kernel, values, 0, values.length, 0);
      assertThat(sums.finite).as(kernel.describe()).isEqualTo(5);
      assertThat(sums.zeros).isEqualTo(2);
      assertThat(sums.nan).isEqualTo(1);
      assertThat(sums.inf).isEqualTo(2);
      assertThat(sums.min).isEqualTo(-Float.MAX_VALUE);
      assertThat(sums.max).isEqualTo(2f);
      assertThat(sums.sumOfSquaredDeviations)
          .isCloseTo((double) Float.MAX_VALUE * Float.MAX_VALUE + 4, within(1e62));
    }
  }

  private static ChunkSums chunk(FloatKernel kernel, float[] values, int from, int to, float k) {
    ChunkSums sums = new ChunkSums();
    sums.clear();
    kernel.chunk(values, from, to, k, sums);
    return sums;
  }

  private static NormSums norms(FloatKernel kernel, float[] a, float[] b, float[] c, int n) {
    NormSums sums = new NormSums();
    sums.clear();
    kernel.norms(a, b, c, n, sums);
    return sums;
  }

  /** Values of one of several shapes; a few cases have no non-finite value at all. */
  private static float[] values(SplittableRandom random, int n) {
    float[] values = new float[n];
    double scale = Math.pow(10, random.nextInt(-6, 7));
    double offset = random.nextBoolean() ? 0 : 1e4;
    int nonFiniteEvery = random.nextBoolean() ? Integer.MAX_VALUE : 1 + random.nextInt(200);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(100);
      float v;
      if (random.nextInt(nonFiniteEvery) == 0 && nonFiniteEvery != Integer.MAX_VALUE) {
        v =
            switch (random.nextInt(3)) {
              case 0 -> Float.NaN;
              case 1 -> Float.POSITIVE_INFINITY;
              default -> Float.NEGATIVE_INFINITY;
            };
      } else if (kind < 10) {
        v = random.nextBoolean() ? 0f : -0f;
      } else if (kind < 14) {
        v = Float.MIN_VALUE * random.nextInt(1, 1 << 20) * (random.nextBoolean() ? 1 : -1);
      } else if (kind == 14) {
        v = random.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
      } else {
        v = (float) (offset + random.nextGaussian() * scale);
      }
      values[i] = v;
    }
    return values;
  }
}
