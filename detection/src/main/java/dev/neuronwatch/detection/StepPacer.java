package dev.neuronwatch.detection;

import dev.neuronwatch.trainer.StepHook;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes every training step take at least a given wall time, as a real job's steps do: the
 * reference network trains a small net in about a millisecond a step, a hundred times faster than a
 * typical real model, while a push and its answer take a few milliseconds whatever the model. At
 * the native pace "steps before the first NaN" therefore measures the network round trip more than
 * the rules; paced, it measures what a user with such a job would see. The pacer only waits between
 * steps: the training itself, and so every statistic and alert, is the same.
 *
 * <pre>{@code
 * Trainer.train(config, agent, null, StepPacer.of(Duration.ofMillis(20)));
 * }</pre>
 */
final class StepPacer implements StepHook {
  private final long stepNanos;
  private long stepStarted = System.nanoTime();

  private StepPacer(long stepNanos) {
    this.stepNanos = stepNanos;
  }

  /** A pacer for {@code stepTime}; {@link StepHook#NONE} for zero. */
  static StepHook of(Duration stepTime) {
    if (stepTime.isNegative()) {
      throw new IllegalArgumentException("stepTime must not be negative, was " + stepTime);
    }
    return stepTime.isZero() ? StepHook.NONE : new StepPacer(stepTime.toNanos());
  }

  @Override
  public void afterStep(long step, double loss) {
    long due = stepStarted + stepNanos;
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    stepStarted = System.nanoTime();
  }
}
