package dev.neuronwatch.trainer;

import dev.neuronwatch.trainer.nn.Network;

/**
 * Looks at the network after each step's update: the activations and gradients of that step's
 * batch, the updated weights and the updates just applied. Must only read.
 *
 * <pre>{@code
 * StepObserver observer = (step, network, rows, loss) -> losses.add(loss);
 * }</pre>
 */
@FunctionalInterface
interface StepObserver {
  StepObserver NONE = (step, network, rows, loss) -> {};

  void afterStep(long step, Network network, int rows, double loss);

  /** Called once when training has ended without an exception (also after divergence). */
  default void finish() {}

  /** This observer, then {@code hook}, after every step. */
  default StepObserver then(StepHook hook) {
    StepObserver first = this;
    return new StepObserver() {
      @Override
      public void afterStep(long step, Network network, int rows, double loss) {
        first.afterStep(step, network, rows, loss);
        hook.afterStep(step, loss);
      }

      @Override
      public void finish() {
        first.finish();
      }
    };
  }
}
