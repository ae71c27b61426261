package dev.neuronwatch.agent.push;

import dev.neuronwatch.model.AgentCounters;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's delivery counters, updated from the training thread (taken, dropped when the queue
 * is full) and the push thread (pushed, dropped, failed) without locks.
 *
 * <pre>{@code
 * DeliveryCounters counters = new DeliveryCounters();
 * counters.taken();
 * AgentCounters snapshot = counters.snapshot();
 * }</pre>
 */
public final class DeliveryCounters {
  private final LongAdder taken = new LongAdder();
  private final LongAdder pushed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failedPushes = new LongAdder();

  /** One sample was taken on the training thread. */
  public void taken() {
    taken.increment();
  }

  /** The server accepted {@code samples} samples. */
  public void pushed(long samples) {
    pushed.add(samples);
  }

  /** {@code samples} samples will never be delivered. */
  public void dropped(long samples) {
    dropped.add(samples);
  }

  /** One push attempt failed. */
  public void failedPush() {
    failedPushes.increment();
  }

  /**
   * The counters now, as sent with every push. Every sample is counted as taken before it can be
   * pushed or dropped, and the snapshot reads taken last, so {@code samplesTaken >= samplesPushed
   * + samplesDropped} holds in every snapshot even while other threads count.
   */
  public AgentCounters snapshot() {
    long pushedNow = pushed.sum();
    long droppedNow = dropped.sum();
    long failedNow = failedPushes.sum();
    return new AgentCounters(taken.sum(), pushedNow, droppedNow, failedNow);
  }

  /** Samples taken and neither pushed nor dropped yet: queued or in flight. */
  public static long undelivered(AgentCounters counters) {
    return counters.samplesTaken() - counters.samplesPushed() - counters.samplesDropped();
  }
}
