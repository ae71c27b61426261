package dev.neuronwatch.trainer;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real agent whose sink keeps the samples in memory instead of pushing them to a server.
 *
 * <pre>{@code
 * List<StepSample> samples = RecordingAgent.train(config, 10).samples();
 * }</pre>
 */
public final class RecordingAgent {
  private final List<StepSample> samples;
  private final TrainingResult result;

  private RecordingAgent(List<StepSample> samples, TrainingResult result) {
    this.samples = samples;
    this.result = result;
  }

  /**
   * Trains {@code config} watched by an agent sampling every {@code sampleEvery} steps, without the
   * opening burst, so the samples are the regular ones (and those of anomaly bursts).
   */
  public static RecordingAgent train(TrainingConfig config, int sampleEvery) {
    List<StepSample> received = new CopyOnWriteArrayList<>();
    AgentConfig agentConfig =
        AgentConfig.builder()
            .run("test-run")
            .sampleEvery(sampleEvery)
            .openingSteps(0)
            .queueCapacity(10_000)
            .sink(
                push -> {
                  received.addAll(push.samples());
                  return new PushResponse(push.samples().size(), List.of());
                })
            .build();
    NeuronwatchAgent agent = NeuronwatchAgent.start(agentConfig);
    TrainingResult result;
    try {
      result = Trainer.train(config, agent, null);
    } finally {
      // Closing delivers everything still queued to the sink before returning.
      agent.close();
    }
    if (agent.status().samplesDropped() != 0) {
      throw new AssertionError("the agent dropped samples: " + agent.status());
    }
    return new RecordingAgent(new ArrayList<>(received), result);
  }

  /** Every sampled step, in step order. */
  public List<StepSample> samples() {
    return samples;
  }

  public TrainingResult result() {
    return result;
  }
}
