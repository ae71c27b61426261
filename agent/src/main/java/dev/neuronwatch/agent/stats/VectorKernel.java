package dev.neuronwatch.agent.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD {@link FloatKernel}, on the JDK's Vector API (the incubator module {@code
 * jdk.incubator.vector}; this class is compiled and loaded only with it).
 *
 * <p>Each step loads a vector of floats as wide as the widest double vector (16 floats on
 * AVX-512, 8 on AVX2). Counts, minimum and maximum are taken in float lanes; non-finite lanes are
 * replaced by the shift (for sums around it) or by 0 (for norms) with a lane mask, so they add
 * exactly nothing; the vector is then widened, in two halves, to double, where the sums are kept:
 * as accurate as the scalar kernel and without float overflow of squares. No mask changes shape (a
 * mask cast between float and double lanes is not compiled to SIMD by the JIT of Java 17, so it
 * would allocate). Each pass is first made as if every value were finite, without masks; the
 * sums show whether one was not, and only then is the chunk (still in the L1 cache) passed again
 * with masks, and NaN counted. The last values that do not fill a vector go through the {@link
 * ScalarKernel}.
 */
final class VectorKernel implements FloatKernel {
  static final VectorKernel INSTANCE = new VectorKernel();

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize()));
  private static final int LANES = FLOATS.length();

  /** Values per reduction of the fused norms: three blocks of 8 KiB stay in the L1 cache. */
  private static final int NORM_BLOCK = 2048;

  private VectorKernel() {}

  @Override
  public String describe() {
    return "vector (" + LANES + " floats, sums in double)";
  }

  /**
   * First optimistically, as if every value were finite: the sums then show whether one was not
   * (a NaN or an infinity makes the sum of squares non-finite, which finite floats cannot: even
   * squared and summed over a chunk they stay far below double's range), and only then is the
   * chunk passed again with lane masks.
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
      DoubleVector low = low(v).sub(k);
      DoubleVector high = high(v).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      maskedChunk(values, from, to, shift, out);
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

  /** The chunk pass for data holding NaN or infinities: a lane mask selects the finite values. */
  private static void maskedChunk(float[] values, int from, int to, float shift, ChunkSums out) {
    DoubleVector k = DoubleVector.broadcast(DOUBLES, shift);
    FloatVector shifts = FloatVector.broadcast(FLOATS, shift);
    FloatVector positive = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
    FloatVector negative = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    DoubleVector sum0 = DoubleVector.zero(DOUBLES);
    DoubleVector sum1 = sum0;
    DoubleVector squares0 = sum0;
    DoubleVector squares1 = sum0;
    FloatVector min = positive;
    FloatVector max = negative;
    int finite = 0;
    int zeros = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, values, i);
      VectorMask<Float> isFinite = v.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      min = min.min(positive.blend(v, isFinite));
      max = max.max(negative.blend(v, isFinite));
      finite += isFinite.trueCount();
      zeros += v.compare(VectorOperators.EQ, 0f).trueCount();
      FloatVector x = shifts.blend(v, isFinite);
      DoubleVector low = low(x).sub(k);
      DoubleVector high = high(x).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    int vectorEnd = i;
    out.finite += finite;
    out.zeros += zeros;
    int nan = finite == vectorEnd - from ? 0 : countNan(values, from, vectorEnd);
    out.nan += nan;
    out.inf += (vectorEnd - from) - finite - nan;
    out.sumOfDeviations += sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    out.sumOfSquaredDeviations += squares0.add(squares1).reduceLanes(VectorOperators.ADD);
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
      DoubleVector low = low(v).sub(k);
      DoubleVector high = high(v).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      maskedMoments(values, from, to, shift, out);
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

  private static void maskedMoments(float[] values, int from, int to, float shift, ChunkSums out) {
    DoubleVector k = DoubleVector.broadcast(DOUBLES, shift);
    FloatVector shifts = FloatVector.broadcast(FLOATS, shift);
    DoubleVector sum0 = DoubleVector.zero(DOUBLES);
    DoubleVector sum1 = sum0;
    DoubleVector squares0 = sum0;
    DoubleVector squares1 = sum0;
    int finite = 0;
    int zeros = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, values, i);
      VectorMask<Float> isFinite = v.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      finite += isFinite.trueCount();
      zeros += v.compare(VectorOperators.EQ, 0f).trueCount();
      FloatVector x = shifts.blend(v, isFinite);
      DoubleVector low = low(x).sub(k);
      DoubleVector high = high(x).sub(k);
      sum0 = sum0.add(low);
      sum1 = sum1.add(high);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
    }
    int vectorEnd = i;
    out.finite += finite;
    out.zeros += zeros;
    int nan = finite == vectorEnd - from ? 0 : countNan(values, from, vectorEnd);
    out.nan += nan;
    out.inf += (vectorEnd - from) - finite - nan;
    out.sumOfDeviations += sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    out.sumOfSquaredDeviations += squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (vectorEnd < to) {
      ScalarKernel.INSTANCE.moments(values, vectorEnd, to, shift, out);
    }
  }

  /** The lower half of {@code x}'s lanes, widened to double. */
  private static DoubleVector low(FloatVector x) {
    return (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** The upper half of {@code x}'s lanes, widened to double. */
  private static DoubleVector high(FloatVector x) {
    return (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, 1);
  }

  /**
   * Three arrays are read block by block, each block's three parts one after the other, so each
   * array is read from memory once and the loop stays small enough for the JIT to keep every
   * vector in registers.
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
      FloatVector v = FloatVector.fromArray(FLOATS, values, i).abs();
      DoubleVector low = low(v);
      DoubleVector high = high(v);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
      abs0 = abs0.add(low);
      abs1 = abs1.add(high);
    }
    double squares = squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    if (!Double.isFinite(squares)) {
      maskedNorm(values, from, to, slot, out);
      return;
    }
    out.sumOfSquares[slot] += squares;
    out.sumOfAbs[slot] += abs0.add(abs1).reduceLanes(VectorOperators.ADD);
    out.finite[slot] += i - from;
    tail(values, i, to, slot, out);
  }

  private static void maskedNorm(float[] values, int from, int to, int slot, NormSums out) {
    FloatVector zero = FloatVector.zero(FLOATS);
    DoubleVector squares0 = DoubleVector.zero(DOUBLES);
    DoubleVector squares1 = squares0;
    DoubleVector abs0 = squares0;
    DoubleVector abs1 = squares0;
    int finite = 0;
    int i = from;
    for (; i + LANES <= to; i += LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, values, i).abs();
      VectorMask<Float> isFinite = v.compare(VectorOperators.LE, Float.MAX_VALUE);
      finite += isFinite.trueCount();
      FloatVector x = zero.blend(v, isFinite);
      DoubleVector low = low(x);
      DoubleVector high = high(x);
      squares0 = low.fma(low, squares0);
      squares1 = high.fma(high, squares1);
      abs0 = abs0.add(low);
      abs1 = abs1.add(high);
    }
    int nan = finite == i - from ? 0 : countNan(values, from, i);
    out.sumOfSquares[slot] += squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    out.sumOfAbs[slot] += abs0.add(abs1).reduceLanes(VectorOperators.ADD);
    out.finite[slot] += finite;
    out.nan[slot] += nan;
    out.inf[slot] += (i - from) - finite - nan;
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

  private static int countNan(float[] values, int from, int to) {
    int nan = 0;
    for (int i = from; i < to; i++) {
      nan += values[i] != values[i] ? 1 : 0;
    }
    return nan;
  }
}
