package dev.neuronwatch.integration;

import dev.neuronwatch.agent.LayerTensors;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A training loop of its own that hands {@link LayerArrays} to an agent every step and times every
 * agent call on the training thread with {@link System#nanoTime()}. Between steps it pauses for
 * {@code stepPause}, standing in for the rest of a training step, so that a run lasts long enough
 * for the push thread to meet its fault.
 *
 * <pre>{@code
 * TimedLoop.Timing timing =
 *     new TimedLoop(new LayerArrays(7)).run(agent, 1000, Duration.ofMillis(1));
 * }</pre>
 */
final class TimedLoop {
  /** What the agent cost the training thread over one run. */
  record Timing(
      long steps, long calls, long longestCallNanos, long longestStepNanos, long totalNanos) {
    Duration longestCall() {
      return Duration.ofNanos(longestCallNanos);
    }

    /** The agent's mean time per step: its calls of one step together. */
    double meanStepMicros() {
      return totalNanos / 1e3 / steps;
    }
  }

  private final LayerArrays network;

  TimedLoop(LayerArrays network) {
    this.network = network;
  }

  Timing run(NeuronwatchAgent agent, int steps, Duration stepPause) {
    return run(agent, steps, stepPause, step -> {});
  }

  /** Runs {@code betweenSteps} after each step, untimed: the test's own doings. */
  Timing run(NeuronwatchAgent agent, int steps, Duration stepPause, LongConsumer betweenSteps) {
    long calls = 0;
    long longestCall = 0;
    long longestStep = 0;
    long total = 0;
    for (long step = 1; step <= steps; step++) {
      network.nextStep();
      long stepStart = System.nanoTime();
      long before = stepStart;
      boolean sampling = agent.isSampling(step);
      long after = System.nanoTime();
      longestCall = Math.max(longestCall, after - before);
      calls++;
      if (sampling) {
        for (LayerTensors layer : network.layers()) {
          before = System.nanoTime();
          agent.recordLayer(step, layer);
          after = System.nanoTime();
          longestCall = Math.max(longestCall, after - before);
          calls++;
        }
      }
      before = System.nanoTime();
      agent.endStep(step, 1.0 / step);
      after = System.nanoTime();
      longestCall = Math.max(longestCall, after - before);
      calls++;
      longestStep = Math.max(longestStep, after - stepStart);
      total += after - stepStart;
      LockSupport.parkNanos(stepPause.toNanos());
      betweenSteps.accept(step);
    }
    return new Timing(steps, calls, longestCall, longestStep, total);
  }
}
