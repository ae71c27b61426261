package dev.neuronwatch.benchmarks;

import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.trainer.nn.Activation;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost table of the reference network's activations: nanoseconds per element of a forward
 * ({@code a = f(z)}) and a backward ({@code dZ = dA * f'(z)}) pass over a 64 x 512 batch (a 4 x 512
 * layer's, 128 KiB per array: in L2), pre-activations standard normal. The score is per element
 * ({@link OperationsPerInvocation}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ActivationCost}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ActivationCostBenchmark {
  static final int ROWS = 64;
  static final int COLS = 512;
  static final int ELEMENTS = ROWS * COLS;

  @Param({
    "linear",
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "gelu",
    "swish",
    "sigmoid",
    "tanh",
    "softmax"
  })
  String activation;

  private Activation function;
  private float[] z;
  private float[] a;
  private float[] dA;
  private float[] dZ;

  @Setup
  public void setUp() {
    function = Activation.create(ActivationKind.fromWireName(activation), Double.NaN, 1.0, COLS);
    SplittableRandom random = new SplittableRandom(5);
    z = new float[ELEMENTS];
    a = new float[ELEMENTS];
    dA = new float[ELEMENTS];
    dZ = new float[ELEMENTS];
    for (int i = 0; i < ELEMENTS; i++) {
      z[i] = (float) random.nextGaussian();
      dA[i] = (float) (random.nextGaussian() * 1e-2);
    }
    function.forward(z, a, ROWS, COLS);
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] forward() {
    function.forward(z, a, ROWS, COLS);
    return a;
  }

  @Benchmark
  @OperationsPerInvocation(ELEMENTS)
  public float[] backward() {
    function.backward(z, a, dA, dZ, ROWS, COLS);
    return dZ;
  }
}
