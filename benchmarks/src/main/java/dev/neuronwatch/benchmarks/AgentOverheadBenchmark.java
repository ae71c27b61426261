package dev.neuronwatch.benchmarks;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.model.PushResponse;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.util.List;
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
 * What the agent costs a training loop: the same 300 training steps of the healthy preset (3 x 64
 * ReLU, batch 64, spirals) without an agent and with one sampling every {@code sampleEvery}
 * steps. The agent's push goes to a sink that accepts and discards, so the figure is the
 * training-thread cost (statistics and hand-off), not the network.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AgentOverhead}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AgentOverheadBenchmark {
  @Param({"1", "10", "100"})
  int sampleEvery;

  private TrainingConfig config;

  @Setup
  public void setUp() {
    config = Scenario.HEALTHY.config().toBuilder().steps(300).evalEvery(300).build();
  }

  @Benchmark
  public TrainingResult withoutAgent() {
    return Trainer.train(config, null, null);
  }

  @Benchmark
  public TrainingResult withAgent() {
    AgentConfig agentConfig =
        AgentConfig.builder()
            .run("benchmark")
            .sampleEvery(sampleEvery)
            .queueCapacity(1024)
            .sink(request -> new PushResponse(request.samples().size(), List.of()))
            .build();
    try (NeuronwatchAgent agent = NeuronwatchAgent.start(agentConfig)) {
      return Trainer.train(config, agent, null);
    }
  }
}
