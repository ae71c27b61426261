package dev.neuronwatch.server.store;

import dev.neuronwatch.server.rules.SampleSignals;

/**
 * Told about every change {@link RunStore#ingest} applies, under the run's lock, so that what it
 * derives (alerts, metrics) follows the run's step order.
 *
 * <pre>{@code
 * store.ingest(push, now, new RunListener() {
 *   public void sampleApplied(SampleSignals sample) { evaluator.evaluate(sample, now); }
 *   public void pushApplied(RunSnapshot run) { metrics.pushApplied(run); }
 * });
 * }</pre>
 */
public interface RunListener {

  /**
   * The push passed every limit and is about to change the run: nothing of it is applied yet.
   * Throwing here (the journal could not take the push) leaves the run as it was and reaches the
   * caller of {@link RunStore#apply}.
   */
  default void admitted() {}

  /** One sample newer than the run's last step was stored. */
  void sampleApplied(SampleSignals sample);

  /** The push is fully applied; {@code run} is the run's state after it. */
  void pushApplied(RunSnapshot run);

  /**
   * The run started again: {@code previous} is its last attempt as it ended, and the push being
   * applied starts attempt {@code attempt}. Called before any of that push's samples.
   */
  default void attemptEnded(RunSnapshot previous, int attempt) {}
}
