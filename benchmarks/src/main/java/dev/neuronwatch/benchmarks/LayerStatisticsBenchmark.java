package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.stats.StatsAccumulator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The statistics kernel's one pass over a float array (count, mean and variance by Welford in
 * double, min, max, zeros, NaN/Inf) against a plain sum of the same array, the least any pass can
 * cost.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LayerStatistics}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LayerStatisticsBenchmark {
  @Param({"4096", "262144"})
  int size;

  private float[] values;
  private final StatsAccumulator stats = new StatsAccumulator();

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
    }
  }

  @Benchmark
  public double statistics() {
    stats.reset();
    stats.addAll(values, values.length);
    return stats.variance();
  }

  @Benchmark
  public double plainSum() {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum;
  }
}
