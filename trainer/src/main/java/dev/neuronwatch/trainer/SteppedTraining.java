package dev.neuronwatch.trainer;

import dev.neuronwatch.agent.NeuronwatchAgent;

/**
 * The reference network's training one step at a time, for harnesses that time single steps (the
 * agent-overhead benchmark): the run {@link Trainer#train} would make, step by step, with the same
 * agent reporting, but without evaluation, early stopping or the divergence stop, and without a
 * step limit (the batches cycle through the training set for as long as {@link #step()} is called).
 * Single-threaded, not thread-safe.
 *
 * <pre>{@code
 * SteppedTraining training = SteppedTraining.start(config, agentOrNull);
 * for (int i = 0; i < 1000; i++) {
 *   double loss = training.step();
 * }
 * training.finish();
 * }</pre>
 */
public final class SteppedTraining {
  private final TrainingRun run;
  private long step;

  private SteppedTraining(TrainingRun run) {
    this.run = run;
  }

  /**
   * Builds the network and data of {@code config}; no step is taken yet.
   *
   * @param agentOrNull the agent to report to, or null to train unobserved
   */
  public static SteppedTraining start(TrainingConfig config, NeuronwatchAgent agentOrNull) {
    TrainingRun run =
        new TrainingRun(
            config,
            network ->
                agentOrNull == null ? StepObserver.NONE : new AgentObserver(agentOrNull, network),
            null,
            Trainer.DIVERGENCE_PATIENCE);
    return new SteppedTraining(run);
  }

  /** Takes the next step (numbered from 1) and returns its batch loss. */
  public double step() {
    step++;
    return run.advance(step);
  }

  /** The number of steps taken. */
  public long steps() {
    return step;
  }

  /** Tells the agent, if any, that the run has finished. */
  public void finish() {
    run.finish();
  }
}
