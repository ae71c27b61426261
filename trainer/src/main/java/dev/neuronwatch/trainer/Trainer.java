package dev.neuronwatch.trainer;

import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.nn.Network;
import java.util.function.Function;

/**
 * Trains the reference network a {@link TrainingConfig} describes, optionally watched by a
 * {@link NeuronwatchAgent}.
 *
 * <p>Single-threaded and deterministic: the same configuration gives a bit-identical run, with or
 * without an agent (the agent only reads). Steps are numbered from 1; the agent samples the steps
 * it chooses ({@link NeuronwatchAgent#isSampling(long)}) after their update, and every step ends
 * with its batch loss. Hidden layers are reported as {@code dense_0} (depth 0, next to the input)
 * to {@code dense_<n-1>}, the last layer as {@code output} (the deepest).
 *
 * <p>When the batch loss turns NaN or infinite, training goes on, so that the agent sees and
 * reports the non-finite values, and stops once the loss has been non-finite for five sampling
 * intervals in a row: {@code 5 * sampleEvery} steps of the agent, or 50 steps without one. The
 * result is then marked {@code diverged}.
 *
 * <p>When training ends without an exception (normally, early or diverged) the agent is told the
 * run finished ({@link NeuronwatchAgent#finish()}); closing it is left to the caller, who owns it.
 *
 * <pre>{@code
 * AgentConfig agentConfig = AgentConfig.builder().run("demo").build();
 * try (NeuronwatchAgent agent = NeuronwatchAgent.start(agentConfig)) {
 *   TrainingResult result = Trainer.train(Scenario.DYING_RELU.config(), agent, null);
 * }
 * }</pre>
 */
public final class Trainer {
  /** Sampling intervals with a non-finite loss before a diverged run stops. */
  static final int DIVERGENCE_SAMPLING_INTERVALS = 5;

  /** The sampling interval assumed without an agent (the agent's default). */
  static final int DEFAULT_SAMPLING_INTERVAL = 10;

  private Trainer() {}

  /**
   * Runs the whole training on the calling thread.
   *
   * @param agentOrNull the agent to report to, or null to train unobserved
   * @param listener hears progress every {@link TrainingConfig#evalEvery()} steps; may be null
   */
  public static TrainingResult train(
      TrainingConfig config, NeuronwatchAgent agentOrNull, ProgressListener listener) {
    int interval =
        agentOrNull == null ? DEFAULT_SAMPLING_INTERVAL : agentOrNull.config().sampleEvery();
    int patience =
        (int) Math.min(Integer.MAX_VALUE, (long) DIVERGENCE_SAMPLING_INTERVALS * interval);
    Function<Network, StepObserver> observer =
        agentOrNull == null
            ? network -> StepObserver.NONE
            : network -> new AgentObserver(agentOrNull, network);
    return new TrainingRun(config, observer, listener, patience).run();
  }
}
