package dev.neuronwatch.trainer;

/**
 * Hears the end of every training step, after the agent (if any) has seen it: for harnesses that
 * must know exactly which step training has completed, such as the detection benchmark timing its
 * alerts. Runs on the training thread, so it should return quickly; whatever it throws ends the
 * training.
 *
 * <pre>{@code
 * AtomicLong completed = new AtomicLong();
 * Trainer.train(config, agent, null, (step, loss) -> completed.set(step));
 * }</pre>
 */
@FunctionalInterface
public interface StepHook {
  /** Does nothing. */
  StepHook NONE = (step, loss) -> {};

  /** Step {@code step} has ended with batch loss {@code loss} (possibly NaN or infinite). */
  void afterStep(long step, double loss);
}
