package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.SteppedTraining;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
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
 * What the agent costs one training step of the reference network (the healthy preset's ReLU MLP,
 * Adam, batch 64, spirals), {@code net} = hidden layers x width: one operation is one step, timed
 * one by one (SampleTime: median, p99 and the rest of the distribution).
 *
 * <p>{@code agent} is {@code none} (no agent at all), or the number of steps between samples. The
 * agent pushes to a real Neuronwatch server over loopback HTTP, running in a JVM of its own ({@link
 * LoopbackServer}, started for every case, with or without agent, so that the machine is the same),
 * so a sample's cost includes its JSON encoding and its HTTP exchange on the push thread. Wall time
 * on a 2-core machine shows that cost only when the push thread competes with training; add {@code
 * -prof dev.neuronwatch.benchmarks.AgentCpuProfiler} for the CPU time of the whole process and of
 * the agent's threads per step.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AgentOverhead -prof
 * dev.neuronwatch.benchmarks.AgentCpuProfiler}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class AgentOverheadBenchmark {
  @Param({"3x64", "4x512"})
  String net;

  @Param({"none", "1", "10"})
  String agent;

  private LoopbackServer server;
  private NeuronwatchAgent neuronwatch;
  private SteppedTraining training;

  @Setup(Level.Trial)
  public void setUp() {
    server = LoopbackServer.start();
    neuronwatch = "none".equals(agent) ? null : NeuronwatchAgent.start(agentConfig(agent, server));
    training = SteppedTraining.start(config(net), neuronwatch);
  }

  /** The healthy preset with {@code hidden x width} layers and batch 64. */
  static TrainingConfig config(String net) {
    String[] shape = net.split("x");
    return Scenario.HEALTHY.config().toBuilder()
        .hiddenLayers(Integer.parseInt(shape[0]))
        .width(Integer.parseInt(shape[1]))
        .batchSize(64)
        .build();
  }

  static AgentConfig agentConfig(String sampleEvery, LoopbackServer server) {
    return AgentConfig.builder()
        .run("benchmark-every-" + sampleEvery)
        .serverUri(server.uri())
        .sampleEvery(Integer.parseInt(sampleEvery))
        .build();
  }

  @Benchmark
  public double step() {
    return training.step();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (neuronwatch != null) {
        training.finish();
        neuronwatch.close();
        AgentStatus status = neuronwatch.status();
        System.out.println(
            "agent: "
                + status.samplesTaken()
                + " samples taken, "
                + status.samplesPushed()
                + " pushed, "
                + status.samplesDropped()
                + " dropped, "
                + status.pushesFailed()
                + " failed pushes, "
                + status.anomalies()
                + " anomalies");
      }
    } finally {
      server.close();
    }
  }
}
