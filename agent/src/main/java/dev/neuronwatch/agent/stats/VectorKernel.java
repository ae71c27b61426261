package dev.neuronwatch.agent.stats;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD {@link FloatKernel}, on the JDK's Vector API (the incubator module {@code
 * jdk.incubator.vector}; this class is compiled and loaded only with it). Each step loads as many
 * floats as the widest double vector has lanes (8 on AVX-512, 4 on AVX2), widens them to double,
 * and accumulates sums in double lanes: as accurate as the scalar kernel, with no float overflow
 * of squares. Finiteness is a lane mask that selects what is added; NaN are counted in a second
 * look at the data only when a chunk holds a non-finite value at all. The last values that do
 * not fill a vector go through the {@link ScalarKernel}.
 */
final class VectorKernel implements FloatKernel {
  static final VectorKernel INSTANCE = new VectorKernel();

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final int LANES = FLOATS.length();

  private VectorKernel() {}

  @Override
  public String describe() {
    return "vector (" + LANES + " x float widened to double)";
  }

  @Override
  public void chunk(float[] values, int from, int to, double shift, ChunkSums out) {
    DoubleVector k = DoubleVector.broadcast(DOUBLES, shift);
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    DoubleVector sum0 = zero;
    DoubleVector sum1 = zero;
    DoubleVector squares0 = zero;
    DoubleVector squares1 = zero;
    FloatVector positive = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
    FloatVector negative = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    FloatVector min0 = positive;
    FloatVector min1 = positive;
    FloatVector max0 = negative;
    FloatVector max1 = negative;
    int finite = 0;
    int zeros = 0;
    int i = from;
    for (; i + 2 * LANES <= to; i += 2 * LANES) {
      FloatVector a = FloatVector.fromArray(FLOATS, values, i);
      FloatVector b = FloatVector.fromArray(FLOATS, values, i + LANES);
      VectorMask<Float> finiteA = a.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      VectorMask<Float> finiteB = b.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      min0 = min0.min(positive.blend(a, finiteA));
      min1 = min1.min(positive.blend(b, finiteB));
      max0 = max0.max(negative.blend(a, finiteA));
      max1 = max1.max(negative.blend(b, finiteB));
      DoubleVector da = ((DoubleVector) a.convertShape(VectorOperators.F2D, DOUBLES, 0)).sub(k);
      DoubleVector db = ((DoubleVector) b.convertShape(VectorOperators.F2D, DOUBLES, 0)).sub(k);
      da = zero.blend(da, finiteA.cast(DOUBLES));
      db = zero.blend(db, finiteB.cast(DOUBLES));
      sum0 = sum0.add(da);
      sum1 = sum1.add(db);
      squares0 = da.fma(da, squares0);
      squares1 = db.fma(db, squares1);
      finite += finiteA.trueCount() + finiteB.trueCount();
      zeros += a.compare(VectorOperators.EQ, 0f).trueCount()
          + b.compare(VectorOperators.EQ, 0f).trueCount();
    }
    int vectorEnd = i;
    out.finite += finite;
    out.zeros += zeros;
    int nan = finite == vectorEnd - from ? 0 : countNan(values, from, vectorEnd);
    out.nan += nan;
    out.inf += (vectorEnd - from) - finite - nan;
    out.sumOfDeviations += sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    out.sumOfSquaredDeviations += squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    float min = min0.min(min1).reduceLanes(VectorOperators.MIN);
    float max = max0.max(max1).reduceLanes(VectorOperators.MAX);
    out.min = min < out.min ? min : out.min;
    out.max = max > out.max ? max : out.max;
    if (vectorEnd < to) {
      ScalarKernel.INSTANCE.chunk(values, vectorEnd, to, shift, out);
    }
  }

  @Override
  public void norms(float[] a, float[] b, float[] c, int n, NormSums out) {
    if (a != null && b != null && c != null) {
      fused(a, b, c, n, out);
      return;
    }
    if (a != null) {
      single(a, n, 0, out);
    }
    if (b != null) {
      single(b, n, 1, out);
    }
    if (c != null) {
      single(c, n, 2, out);
    }
  }

  private static void single(float[] values, int n, int slot, NormSums out) {
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    DoubleVector squares0 = zero;
    DoubleVector squares1 = zero;
    DoubleVector abs0 = zero;
    DoubleVector abs1 = zero;
    long finite = 0;
    int i = 0;
    for (; i + 2 * LANES <= n; i += 2 * LANES) {
      FloatVector a = FloatVector.fromArray(FLOATS, values, i);
      FloatVector b = FloatVector.fromArray(FLOATS, values, i + LANES);
      VectorMask<Float> finiteA = a.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      VectorMask<Float> finiteB = b.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      DoubleVector x = widen(a, finiteA);
      DoubleVector y = widen(b, finiteB);
      squares0 = x.fma(x, squares0);
      squares1 = y.fma(y, squares1);
      abs0 = abs0.add(x.abs());
      abs1 = abs1.add(y.abs());
      finite += finiteA.trueCount() + finiteB.trueCount();
    }
    long nan = finite == i ? 0 : countNan(values, 0, i);
    out.sumOfSquares[slot] += squares0.add(squares1).reduceLanes(VectorOperators.ADD);
    out.sumOfAbs[slot] += abs0.add(abs1).reduceLanes(VectorOperators.ADD);
    out.finite[slot] += finite;
    out.nan[slot] += nan;
    out.inf[slot] += i - finite - nan;
    tail(values, i, n, slot, out);
  }

  private static void fused(float[] a, float[] b, float[] c, int n, NormSums out) {
    DoubleVector zero = DoubleVector.zero(DOUBLES);
    DoubleVector squaresA = zero;
    DoubleVector squaresB = zero;
    DoubleVector squaresC = zero;
    DoubleVector absA = zero;
    DoubleVector absB = zero;
    DoubleVector absC = zero;
    long finiteA = 0;
    long finiteB = 0;
    long finiteC = 0;
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      FloatVector va = FloatVector.fromArray(FLOATS, a, i);
      FloatVector vb = FloatVector.fromArray(FLOATS, b, i);
      FloatVector vc = FloatVector.fromArray(FLOATS, c, i);
      VectorMask<Float> fa = va.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      VectorMask<Float> fb = vb.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      VectorMask<Float> fc = vc.abs().compare(VectorOperators.LE, Float.MAX_VALUE);
      DoubleVector x = widen(va, fa);
      DoubleVector y = widen(vb, fb);
      DoubleVector z = widen(vc, fc);
      squaresA = x.fma(x, squaresA);
      squaresB = y.fma(y, squaresB);
      squaresC = z.fma(z, squaresC);
      absA = absA.add(x.abs());
      absB = absB.add(y.abs());
      absC = absC.add(z.abs());
      finiteA += fa.trueCount();
      finiteB += fb.trueCount();
      finiteC += fc.trueCount();
    }
    add(out, 0, a, i, squaresA, absA, finiteA);
    add(out, 1, b, i, squaresB, absB, finiteB);
    add(out, 2, c, i, squaresC, absC, finiteC);
    tail(a, i, n, 0, out);
    tail(b, i, n, 1, out);
    tail(c, i, n, 2, out);
  }

  /** The finite lanes of {@code v} as doubles, 0 in the others. */
  private static DoubleVector widen(FloatVector v, VectorMask<Float> finite) {
    return (DoubleVector) v.blend(0f, finite.not()).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  private static void add(
      NormSums out,
      int slot,
      float[] values,
      int end,
      DoubleVector squares,
      DoubleVector abs,
      long finite) {
    long nan = finite == end ? 0 : countNan(values, 0, end);
    out.sumOfSquares[slot] += squares.reduceLanes(VectorOperators.ADD);
    out.sumOfAbs[slot] += abs.reduceLanes(VectorOperators.ADD);
    out.finite[slot] += finite;
    out.nan[slot] += nan;
    out.inf[slot] += end - finite - nan;
  }

  /** Elements {@code [from, n)} of one array, through the scalar loop, into {@code slot}. */
  private static void tail(float[] values, int from, int n, int slot, NormSums out) {
    for (int i = from; i < n; i++) {
      float v = values[i];
      boolean finite = Math.abs(v) <= Float.MAX_VALUE;
      double x = finite ? v : 0;
      out.sumOfSquares[slot] += x * x;
      out.sumOfAbs[slot] += Math.abs(x);
      out.finite[slot] += finite ? 1 : 0;
      out.nan[slot] += v != v ? 1 : 0;
      out.inf[slot] += finite || v != v ? 0 : 1;
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
