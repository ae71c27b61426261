package dev.neuronwatch.agent.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD {@link FloatKernel}, on the JDK's Vector API (the incubator module {@code
 * jdk.incubator.vector}; this class is compiled and loaded only with it).
 *
 * <p>Each step loads a vector of floats as wide as the widest double vector (16 floats on AVX-512,
 * 8 on AVX2) for the counts, the minimum and the maximum, and the same values again as two
 * half-width vectors, each widened whole to double, for the sums: as accurate as the scalar kernel
 * and without float overflow of squares. Only operations the JIT of Java 17 compiles to SIMD are
 * used (no mask cast between float and double lanes, no widening of a vector's upper half: both
 * fall back to Java code that allocates).
 *
 * <p>A pass assumes every value finite and uses no mask; its sum of squares shows whether one was
 * not (a NaN or an infinity makes it non-finite, which finite floats cannot: squared and summed
 * over a chunk they stay far below double's range). Such a chunk, still in the L1 cache, is then
 * passed again by the {@link ScalarKernel}, which selects the finite values and counts NaN. The
 * last values that do not fill a vector go through the scalar kernel too.
 */
final class VectorKernel implements FloatKernel {
  static final VectorKernel INSTANCE = new VectorKernel();

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize()));
  private static final VectorSpecies<Float> HALVES =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final int LANES = FLOATS.length();
  private static final int HALF_LANES = HALVES.length();

  /** Values per reduction of the fused norms: three blocks of 8 KiB stay in the L1 cache. */
  private static final int NORM_BLOCK = 2048;

  private VectorKernel() {}

  @Override
  public String describe() {
    return "vector (" + LANES + " floats, sums in double)";
  }

  /**
   * First as if every value were finite; a chunk whose sums show otherwise is passed again by the
   * scalar kernel (see the class comment).
   */
  @Override
  public void chunk(float[] values, int from, int to, float shift, ChunkSums out) {
    DoubleVector k = DoubleVector.broadcast(DOUBLES, shift);
    DoubleVector sum0 = DoubleVector.zero(DOUBLES);
    DoubleVector sum1 = sum0;
    DoubleVector squares0 = sum0;
    DoubleVector squares1 = sum0;
    FloatVector min = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
    FloatVector max = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    int zeros = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, values, i);
      min = min.min(v);
      max = max.max(v);
      zeros += v.compare(VectorOperators.EQ, 0f).trueCount();
      DoubleVector low = widen(values, i).sub(k);
      DoubleVector high = widen(values, i + HALF_LANES).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      ScalarKernel.INSTANCE.chunk(values, from, to, shift, out);
      return;
    }
    int vectorEnd = i;
    out.finite += vectorEnd - from;
    out.zeros += zeros;
    out.sumOfDeviations += sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    out.sumOfSquaredDeviations += squares;
    float low = min.reduceLanes(VectorOperators.MIN);
    float high = max.reduceLanes(VectorOperators.MAX);
    out.min = low < out.min ? low : out.min;
    out.max = high > out.max ? high : out.max;
    if (vectorEnd < to) {
      ScalarKernel.INSTANCE.chunk(values, vectorEnd, to, shift, out);
    }
  }

  /** Optimistic first, like {@link #chunk}. */
  @Override
  public void moments(float[] values, int from, int to, float shift, ChunkSums out) {
    DoubleVector k = DoubleVector.broadcast(DOUBLES, shift);
    DoubleVector sum0 = DoubleVector.zero(DOUBLES);
    DoubleVector sum1 = sum0;
    DoubleVector squares0 = sum0;
    DoubleVector squares1 = sum0;
    int zeros = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, values, i);
      zeros += v.compare(VectorOperators.EQ, 0f).trueCount();
      DoubleVector low = widen(values, i).sub(k);
      DoubleVector high = widen(values, i + HALF_LANES).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      ScalarKernel.INSTANCE.moments(values, from, to, shift, out);
      return;
    }
    int vectorEnd = i;
    out.finite += vectorEnd - from;
    out.zeros += zeros;
    out.sumOfDeviations += sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    out.sumOfSquaredDeviations += squares;
    if (vectorEnd < to) {
      ScalarKernel.INSTANCE.moments(values, vectorEnd, to, shift, out);
    }
  }

  /**
   * {@link #HALF_LANES} floats from {@code values[i]}, widened to double. A half-width load widened
   * whole: widening the upper half of a full vector is a lane shuffle that the JIT of Java 17 does
   * not compile to SIMD (it allocates), so the upper half is loaded again instead, from L1.
   */
  private static DoubleVector widen(float[] values, int i) {
    return (DoubleVector)
        FloatVector.fromArray(HALVES, values, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** Row by row, {@link #LANES} columns at a time ({@code MAX} is {@code Math.max} per lane). */
  @Override
  public void columnMax(float[] output, int batch, int units, float[] largest) {
    System.arraycopy(output, 0, largest, 0, units);
    int vectorUnits = units - units % LANES;
    int offset = units;
    for (int row = 1; row < batch; row++) {
      int unit = 0;
      for (; unit < vectorUnits; unit += LANES) {
        FloatVector.fromArray(FLOATS, largest, unit)
            .max(FloatVector.fromArray(FLOATS, output, offset + unit))
            .intoArray(largest, unit);
      }
      for (; unit < units; unit++) {
        largest[unit] = Math.max(largest[unit], output[offset + unit]);
      }
      offset += units;
    }
  }

  /**
   * Three arrays are read block by block, each block's three parts one after the other, so each
   * array is read from memory once and the loop stays small enough for the JIT to keep every vector
   * in registers.
   */
  @Override
  public void norms(float[] a, float[] b, float[] c, int n, NormSums out) {
    for (int from = 0; from < n; from += NORM_BLOCK) {
      int to = Math.min(n, from + NORM_BLOCK);
      if (a != null) {
        norm(a, from, to, 0, out);
      }
      if (b != null) {
        norm(b, from, to, 1, out);
      }
      if (c != null) {
        norm(c, from, to, 2, out);
      }
    }
  }

  /** Optimistic first, like {@link #chunk}. */
  private static void norm(float[] values, int from, int to, int slot, NormSums out) {
    DoubleVector squares0 = DoubleVector.zero(DOUBLES);
    DoubleVector squares1 = squares0;
    DoubleVector abs0 = squares0;
    DoubleVector abs1 = squares0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      DoubleVector low = widen(values, i);
      DoubleVector high = widen(values, i + HALF_LANES);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
      abs0 = abs0.add(low.abs());
      abs1 = abs1.add(high.abs());
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      tail(values, from, to, slot, out);
      return;
    }
    out.sumOfSquares[slot] += squares;
    out.sumOfAbs[slot] += abs0.add(abs1).reduceLanes(VectorOperators.ADD);
    out.finite[slot] += i - from;
    tail(values, i, to, slot, out);
  }

  private static void tail(float[] values, int from, int to, int slot, NormSums out) {
    for (int i = from; i < to; i++) {
      float v = values[i];
      boolean isFinite = Math.abs(v) <= Float.MAX_VALUE;
      double x = isFinite ? v : 0;
      out.sumOfSquares[slot] += x * x;
      out.sumOfAbs[slot] += Math.abs(x);
      out.finite[slot] += isFinite ? 1 : 0;
      out.nan[slot] += v != v ? 1 : 0;
      out.inf[slot] += isFinite || v != v ? 0 : 1;
    }
  }
}
