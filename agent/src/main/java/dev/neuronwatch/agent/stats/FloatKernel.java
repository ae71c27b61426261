package dev.neuronwatch.agent.stats;

import java.lang.System.Logger;

/**
 * The inner loops of the statistics, over float32 arrays, in two interchangeable implementations:
 * {@link ScalarKernel}, plain Java with several independent accumulators and no data-dependent
 * branch, and a SIMD one on the JDK's Vector API ({@code jdk.incubator.vector}), chosen when that
 * module is in the boot layer ({@code --add-modules jdk.incubator.vector}) unless the system
 * property {@value #SCALAR_PROPERTY} is {@code true}. Both give the same counts, minimum and
 * maximum, and sums equal up to rounding (they add in a different order).
 *
 * <p>Implementations allocate nothing and are stateless, so one instance serves every thread.
 *
 * <pre>{@code
 * FloatKernel kernel = FloatKernel.get();
 * kernel.chunk(values, 0, values.length, 0f, sums);
 * }</pre>
 */
interface FloatKernel {
  /** Set to {@code true} to use the scalar kernel even when the Vector API is available. */
  String SCALAR_PROPERTY = "neuronwatch.stats.scalar";

  /**
   * Adds {@code values[from, to)} into {@code out} (which the caller cleared): counts of finite,
   * zero, NaN and infinite values, sums of {@code x - shift} and {@code (x - shift)^2} in double
   * over the finite values, their minimum and maximum. The shift is a float so that a kernel may
   * put it in place of a non-finite value, where it adds exactly 0.
   */
  void chunk(float[] values, int from, int to, float shift, ChunkSums out);

  /**
   * Like {@link #chunk}, without the minimum and maximum (left unchanged in {@code out}): the
   * cheaper pass behind mean, variance, zero fraction and norm alone.
   */
  void moments(float[] values, int from, int to, float shift, ChunkSums out);

  /**
   * Adds the first {@code n} values of each non-null array into its slot (0, 1, 2) of {@code out},
   * reading the three in one pass: sums of squares and absolute values of finite elements, finite
   * and NaN and infinity counts. Every non-null array holds at least {@code n} values.
   */
  void norms(float[] a, float[] b, float[] c, int n, NormSums out);

  /**
   * Writes into {@code largest[0, units)} the largest value of each column of the row-major {@code
   * batch x units} matrix {@code output}, as {@link Math#max(float, float)} would (a NaN wins).
   * {@code batch} is at least 1.
   */
  void columnMax(float[] output, int batch, int units, float[] largest);

  /** A short name for logs and benchmarks: "vector (16 x float)" or "scalar". */
  String describe();

  /** The kernel this JVM uses. */
  static FloatKernel get() {
    return Selected.KERNEL;
  }

  /** Chooses once, at first use. */
  final class Selected {
    static final FloatKernel KERNEL = choose();

    private Selected() {}

    private static FloatKernel choose() {
      if (Boolean.getBoolean(SCALAR_PROPERTY) || !vectorModulePresent()) {
        return ScalarKernel.INSTANCE;
      }
      try {
        return (FloatKernel)
            Class.forName("dev.neuronwatch.agent.stats.VectorKernel")
                .getDeclaredField("INSTANCE")
                .get(null);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        System.getLogger(FloatKernel.class.getName())
            .log(Logger.Level.DEBUG, "Vector API kernel unavailable, using the scalar one", e);
        return ScalarKernel.INSTANCE;
      }
    }

    static boolean vectorModulePresent() {
      return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
  }
}
