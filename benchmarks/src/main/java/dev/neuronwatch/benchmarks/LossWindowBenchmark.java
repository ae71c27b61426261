package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.agent.stats.RollingLossWindow;
import dev.neuronwatch.protocol.PushResponse;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the every-step loss watch costs a step that is not sampled: {@code window} is the spike
 * check and window update alone, {@code endStepUnsampled} the agent's whole {@code endStep} on such
 * a step (lock, spike check, window update; no sample). Losses are noise around a plateau (10%
 * relative spread, no spike), the common case.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LossWindow}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LossWindowBenchmark {
  private static final int LOSSES = 1 << 16;

  @Param({"128", "1024"})
  int lossWindow;

  private final double[] losses = new double[LOSSES];
  private RollingLossWindow window;
  private NeuronwatchAgent agent;
  private int next;
  private long step;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    for (int i = 0; i < LOSSES; i++) {
      losses[i] = 0.5 * (1 + 0.1 * random.nextGaussian());
    }
    window = new RollingLossWindow(lossWindow);
    agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run("loss-window-benchmark")
                .lossWindow(lossWindow)
                .sampleEvery(Integer.MAX_VALUE)
                .sink(request -> new PushResponse(request.samples().size(), List.of()))
                .build());
    // Step 0 is sampled; start past it.
    step = 1;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    agent.close();
  }

  private double nextLoss() {
    double loss = losses[next];
    next = (next + 1) & (LOSSES - 1);
    return loss;
  }

  @Benchmark
  public boolean window() {
    double loss = nextLoss();
    boolean spike = window.isSpike(loss);
    window.add(loss);
    return spike;
  }

  @Benchmark
  public void endStepUnsampled() {
    agent.endStep(step++, nextLoss());
  }
}
