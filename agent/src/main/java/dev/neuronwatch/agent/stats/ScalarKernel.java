package dev.neuronwatch.agent.stats;

/**
 * The plain-Java {@link FloatKernel}: two independent sets of accumulators per loop (so that no
 * single chain of dependent additions bounds the speed) and no data-dependent branch: a value's
 * finiteness selects what is added ({@code finite ? x : 0}), which the JIT compiles to conditional
 * moves, so NaN and infinities cost no mispredictions. Used when the Vector API is not available.
 */
final class ScalarKernel implements FloatKernel {
  static final ScalarKernel INSTANCE = new ScalarKernel();

  private ScalarKernel() {}

  @Override
  public String describe() {
    return "scalar";
  }

  @Override
  public void chunk(float[] values, int from, int to, float shift, ChunkSums out) {
    int finite = 0;
    int zeros = 0;
    int nan = 0;
    double sum0 = 0;
    double sum1 = 0;
    double squares0 = 0;
    double squares1 = 0;
    float min0 = Float.POSITIVE_INFINITY;
    float min1 = Float.POSITIVE_INFINITY;
    float max0 = Float.NEGATIVE_INFINITY;
    float max1 = Float.NEGATIVE_INFINITY;
    int i = from;
    for (; i + 1 < to; i += 2) {
      float a = values[i];
      float b = values[i + 1];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      boolean finiteB = Math.abs(b) <= Float.MAX_VALUE;
      double da = finiteA ? (double) a - shift : 0;
      double db = finiteB ? (double) b - shift : 0;
      sum0 += da;
      sum1 += db;
      squares0 += da * da;
      squares1 += db * db;
      float lowA = finiteA ? a : Float.POSITIVE_INFINITY;
      float lowB = finiteB ? b : Float.POSITIVE_INFINITY;
      float highA = finiteA ? a : Float.NEGATIVE_INFINITY;
      float highB = finiteB ? b : Float.NEGATIVE_INFINITY;
      min0 = lowA < min0 ? lowA : min0;
      min1 = lowB < min1 ? lowB : min1;
      max0 = highA > max0 ? highA : max0;
      max1 = highB > max1 ? highB : max1;
      finite += (finiteA ? 1 : 0) + (finiteB ? 1 : 0);
      zeros += (a == 0 ? 1 : 0) + (b == 0 ? 1 : 0);
      nan += (a != a ? 1 : 0) + (b != b ? 1 : 0);
    }
    if (i < to) {
      float a = values[i];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      double da = finiteA ? (double) a - shift : 0;
      sum0 += da;
      squares0 += da * da;
      float lowA = finiteA ? a : Float.POSITIVE_INFINITY;
      float highA = finiteA ? a : Float.NEGATIVE_INFINITY;
      min0 = lowA < min0 ? lowA : min0;
      max0 = highA > max0 ? highA : max0;
      finite += finiteA ? 1 : 0;
      zeros += a == 0 ? 1 : 0;
      nan += a != a ? 1 : 0;
    }
    out.finite += finite;
    out.zeros += zeros;
    out.nan += nan;
    out.inf += (to - from) - finite - nan;
    out.sumOfDeviations += sum0 + sum1;
    out.sumOfSquaredDeviations += squares0 + squares1;
    float min = min1 < min0 ? min1 : min0;
    float max = max1 > max0 ? max1 : max0;
    out.min = min < out.min ? min : out.min;
    out.max = max > out.max ? max : out.max;
  }

  @Override
  public void moments(float[] values, int from, int to, float shift, ChunkSums out) {
    int finite = 0;
    int zeros = 0;
    int nan = 0;
    double sum0 = 0;
    double sum1 = 0;
    double squares0 = 0;
    double squares1 = 0;
    int i = from;
    for (; i + 1 < to; i += 2) {
      float a = values[i];
      float b = values[i + 1];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      boolean finiteB = Math.abs(b) <= Float.MAX_VALUE;
      double da = finiteA ? (double) a - shift : 0;
      double db = finiteB ? (double) b - shift : 0;
      sum0 += da;
      sum1 += db;
      squares0 += da * da;
      squares1 += db * db;
      finite += (finiteA ? 1 : 0) + (finiteB ? 1 : 0);
      zeros += (a == 0 ? 1 : 0) + (b == 0 ? 1 : 0);
      nan += (a != a ? 1 : 0) + (b != b ? 1 : 0);
    }
    if (i < to) {
      float a = values[i];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      double da = finiteA ? (double) a - shift : 0;
      sum0 += da;
      squares0 += da * da;
      finite += finiteA ? 1 : 0;
      zeros += a == 0 ? 1 : 0;
      nan += a != a ? 1 : 0;
    }
    out.finite += finite;
    out.zeros += zeros;
    out.nan += nan;
    out.inf += (to - from) - finite - nan;
    out.sumOfDeviations += sum0 + sum1;
    out.sumOfSquaredDeviations += squares0 + squares1;
  }

  @Override
  public void columnMax(float[] output, int batch, int units, float[] largest) {
    System.arraycopy(output, 0, largest, 0, units);
    int offset = units;
    for (int row = 1; row < batch; row++) {
      for (int unit = 0; unit < units; unit++) {
        largest[unit] = Math.max(largest[unit], output[offset + unit]);
      }
      offset += units;
    }
  }

  /** Three arrays of the same length are read in one loop. */
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
    double squares0 = 0;
    double squares1 = 0;
    double abs0 = 0;
    double abs1 = 0;
    long finite = 0;
    long nan = 0;
    int i = 0;
    for (; i + 1 < n; i += 2) {
      float a = values[i];
      float b = values[i + 1];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      boolean finiteB = Math.abs(b) <= Float.MAX_VALUE;
      double x = finiteA ? a : 0;
      double y = finiteB ? b : 0;
      squares0 += x * x;
      squares1 += y * y;
      abs0 += Math.abs(x);
      abs1 += Math.abs(y);
      finite += (finiteA ? 1 : 0) + (finiteB ? 1 : 0);
      nan += (a != a ? 1 : 0) + (b != b ? 1 : 0);
    }
    if (i < n) {
      float a = values[i];
      boolean finiteA = Math.abs(a) <= Float.MAX_VALUE;
      double x = finiteA ? a : 0;
      squares0 += x * x;
      abs0 += Math.abs(x);
      finite += finiteA ? 1 : 0;
      nan += a != a ? 1 : 0;
    }
    out.sumOfSquares[slot] += squares0 + squares1;
    out.sumOfAbs[slot] += abs0 + abs1;
    out.finite[slot] += finite;
    out.nan[slot] += nan;
    out.inf[slot] += n - finite - nan;
  }

  private static void fused(float[] a, float[] b, float[] c, int n, NormSums out) {
    double squaresA = 0;
    double squaresB = 0;
    double squaresC = 0;
    double absA = 0;
    double absB = 0;
    double absC = 0;
    long finiteA = 0;
    long finiteB = 0;
    long finiteC = 0;
    long nanA = 0;
    long nanB = 0;
    long nanC = 0;
    for (int i = 0; i < n; i++) {
      float va = a[i];
      float vb = b[i];
      float vc = c[i];
      boolean fa = Math.abs(va) <= Float.MAX_VALUE;
      boolean fb = Math.abs(vb) <= Float.MAX_VALUE;
      boolean fc = Math.abs(vc) <= Float.MAX_VALUE;
      double x = fa ? va : 0;
      double y = fb ? vb : 0;
      double z = fc ? vc : 0;
      squaresA += x * x;
      squaresB += y * y;
      squaresC += z * z;
      absA += Math.abs(x);
      absB += Math.abs(y);
      absC += Math.abs(z);
      finiteA += fa ? 1 : 0;
      finiteB += fb ? 1 : 0;
      finiteC += fc ? 1 : 0;
      nanA += va != va ? 1 : 0;
      nanB += vb != vb ? 1 : 0;
      nanC += vc != vc ? 1 : 0;
    }
    add(out, 0, squaresA, absA, finiteA, nanA, n);
    add(out, 1, squaresB, absB, finiteB, nanB, n);
    add(out, 2, squaresC, absC, finiteC, nanC, n);
  }

  private static void add(
      NormSums out, int slot, double squares, double abs, long finite, long nan, int n) {
    out.sumOfSquares[slot] += squares;
    out.sumOfAbs[slot] += abs;
    out.finite[slot] += finite;
    out.nan[slot] += nan;
    out.inf[slot] += n - finite - nan;
  }
}
