package dev.neuronwatch.trainer;

import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.nn.Network;
import java.util.Objects;
import java.util.function.Function;

/**
 * Trains the reference network a {@link TrainingConfig} describes, optionally watched by a {@link
 * NeuronwatchAgent}.
 *
 * <p>Single-threaded and deterministic: the same configuration gives a bit-identical run, with or
 * without an agent (the agent only reads). Steps are numbered from 1; the agent samples the steps
 * it chooses ({@link NeuronwatchAgent#isSampling(long)}) after their update, and every step ends
 * with its batch loss. Hidden layers are reported as {@code dense_0} (depth 0, next to the input)
 * to {@code dense_<n-1>}, the last layer as {@code output} (the deepest).
 *
 * <p>When the batch loss turns NaN or infinite, training goes on, so that the agent sees and
 * reports the non-finite values, and stops once the loss has been non-finite for {@value
 * #DIVERGENCE_PATIENCE} steps in a row (five samples at the agent's default interval). The result
 * is then marked {@code diverged}. The patience is the same with or without an agent, whatever its
 * sampling interval, so that attaching one never changes where a run ends.
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
  /** Consecutive steps with a non-finite loss after which a diverged run stops. */
  public static final int DIVERGENCE_PATIENCE = 50;

  private Trainer() {}

  /**
   * Runs the whole training on the calling thread.
   *
   * @param agentOrNull the agent to report to, or null to train unobserved
   * @param listener hears progress every {@link TrainingConfig#evalEvery()} steps; may be null
   */
  public static TrainingResult train(
      TrainingConfig config, NeuronwatchAgent agentOrNull, ProgressListener listener) {
    return train(config, agentOrNull, listener, StepHook.NONE);
  }

  /**
   * Runs the whole training on the calling thread, telling {@code hook} of the end of every step
   * after the agent has seen it.
   *
   * @param agentOrNull the agent to report to, or null to train unobserved
   * @param listener hears progress every {@link TrainingConfig#evalEvery()} steps; may be null
   */
  public static TrainingResult train(
      TrainingConfig config,
      NeuronwatchAgent agentOrNull,
      ProgressListener listener,
      StepHook hook) {
    Objects.requireNonNull(hook, "hook");
    Function<Network, StepObserver> observer =
        agentOrNull == null
            ? network -> StepObserver.NONE
            : network -> new AgentObserver(agentOrNull, network);
    Function<Network, StepObserver> hooked =
        hook == StepHook.NONE ? observer : network -> observer.apply(network).then(hook);
    return new TrainingRun(config, hooked, listener, DIVERGENCE_PATIENCE).run();
  }
}
