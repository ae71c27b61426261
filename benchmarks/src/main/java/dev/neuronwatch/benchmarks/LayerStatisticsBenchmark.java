package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.stats.MomentsAccumulator;
import dev.neuronwatch.agent.stats.NormAccumulator;
import dev.neuronwatch.agent.stats.StatsAccumulator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The statistics kernel against the fastest pass over the same memory, a float sum on the Vector
 * API (four accumulators of the widest vector), side by side in one run; {@code size} floats per
 * array ({@code 67108864} = 256 MiB, far beyond the 32 MiB last-level cache).
 *
 * <ul>
 *   <li>{@code vectorSum}: the reference; {@code scalarSum}: a plain loop summing in double;
 *   <li>{@code statistics}: {@link StatsAccumulator#addAll} (count, mean, variance, min, max,
 *       zeros, NaN, Inf), the agent's pass over activations;
 *   <li>{@code moments}: {@link MomentsAccumulator#addAll} (mean, variance, zeros, norm);
 *   <li>{@code norm}: {@link NormAccumulator#addAll} of one array;
 *   <li>{@code fusedNorms}: three arrays (weights, gradient, update) normed in one pass; compare
 *       its time with three times {@code vectorSum}'s;
 *   <li>{@code *Scalar}: the same on the scalar kernel (a fork with {@code
 *       -Dneuronwatch.stats.scalar=true}).
 * </ul>
 *
 * Throughput in GB/s is {@code 4 * size} bytes (three times that for {@code fusedNorms}) over the
 * time per operation. Add {@code -prof gc} for the allocation per call (0 B/op).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LayerStatistics -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class LayerStatisticsBenchmark {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  @Param({"4096", "262144", "67108864"})
  int size;

  private float[] values;
  private float[] gradient;
  private float[] update;
  private final StatsAccumulator stats = new StatsAccumulator();
  private final MomentsAccumulator moments = new MomentsAccumulator();
  private final NormAccumulator first = new NormAccumulator();
  private final NormAccumulator second = new NormAccumulator();
  private final NormAccumulator third = new NormAccumulator();

  @Setup
  public void setUp() {
    values = randomArray(size, 1);
    gradient = randomArray(size, 2);
    update = randomArray(size, 3);
  }

  /** A quarter exact zeros (a ReLU output), the rest standard normal. */
  static float[] randomArray(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] array = new float[size];
    for (int i = 0; i < size; i++) {
      array[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
    }
    return array;
  }

  @Benchmark
  public float vectorSum() {
    return vectorSum(values);
  }

  static float vectorSum(float[] values) {
    FloatVector s0 = FloatVector.zero(FLOATS);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int step = FLOATS.length();
    int i = 0;
    for (; i + 4 * step <= values.length; i += 4 * step) {
      s0 = s0.add(FloatVector.fromArray(FLOATS, values, i));
      s1 = s1.add(FloatVector.fromArray(FLOATS, values, i + step));
      s2 = s2.add(FloatVector.fromArray(FLOATS, values, i + 2 * step));
      s3 = s3.add(FloatVector.fromArray(FLOATS, values, i + 3 * step));
    }
    float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < values.length; i++) {
      sum += values[i];
    }
    return sum;
  }

  @Benchmark
  public double scalarSum() {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum;
  }

  @Benchmark
  public double statistics() {
    stats.reset();
    stats.addAll(values, values.length);
    return stats.variance();
  }

  @Benchmark
  public double moments() {
    moments.reset();
    moments.addAll(values, values.length);
    return moments.variance();
  }

  @Benchmark
  public double norm() {
    first.reset();
    first.addAll(values, values.length);
    return first.l2Norm();
  }

  @Benchmark
  public double fusedNorms() {
    first.reset();
    second.reset();
    third.reset();
    NormAccumulator.addAll(first, values, second, gradient, third, update, values.length);
    return first.l2Norm() + second.l2Norm() + third.l2Norm();
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "-Xmx4g",
        "-Dneuronwatch.stats.scalar=true"
      })
  public double statisticsScalar() {
    return statistics();
  }

  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "-Xmx4g",
        "-Dneuronwatch.stats.scalar=true"
      })
  public double fusedNormsScalar() {
    return fusedNorms();
  }
}
