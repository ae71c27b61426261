package dev.neuronwatch.detection;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.Protocol;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.PushResponse;
import dev.neuronwatch.protocol.StepSample;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Trains a configuration once with an agent that measures every step and keeps the samples in
 * memory (no server), giving the ground truth a monitored run of the same configuration is judged
 * against: the trainer is deterministic and the agent only reads, so the monitored runs retrace
 * this run bit for bit (the benchmark checks the weights checksum).
 *
 * <pre>{@code
 * Trajectory truth = ReferencePass.record(Scenario.fromName("dying-relu").config());
 * }</pre>
 */
public final class ReferencePass {
  /** Enough queue for every step of the longest labelled run, so that nothing is dropped. */
  private static final int QUEUE = 1 << 20;

  private ReferencePass() {}

  /**
   * Trains {@code config} with every step measured.
   *
   * @throws IllegalStateException when the agent dropped a sample (the record would have gaps)
   */
  public static Trajectory record(TrainingConfig config) {
    List<StepSample> steps = new ArrayList<>();
    AgentConfig agentConfig =
        AgentConfig.builder()
            .run("reference")
            .sampleEvery(1)
            .queueCapacity(QUEUE)
            .maxSamplesPerPush(Protocol.MAX_SAMPLES_PER_PUSH)
            .flushInterval(Duration.ofMillis(50))
            .closeTimeout(Duration.ofMinutes(5))
            .sink(request -> keep(steps, request))
            .build();
    TrainingResult result;
    long dropped;
    NeuronwatchAgent agent = NeuronwatchAgent.start(agentConfig);
    try {
      result = Trainer.train(config, agent, null);
    } finally {
      agent.close();
    }
    dropped = agent.status().samplesDropped();
    if (dropped > 0) {
      throw new IllegalStateException(
          "the reference pass dropped " + dropped + " samples of " + config);
    }
    synchronized (steps) {
      steps.sort(Comparator.comparingLong(StepSample::step));
      return new Trajectory(steps, result);
    }
  }

  private static PushResponse keep(List<StepSample> steps, PushRequest request) {
    synchronized (steps) {
      steps.addAll(request.samples());
    }
    return new PushResponse(request.samples().size(), List.of());
  }
}
