package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.AgentCounters;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's delivery counters, updated from the training thread (taken, dropped when the queue is
 * full) and the push thread (pushed, dropped, failed) without locks.
 *
 * <p>{@link #seal()} settles them for good when the agent closes: what is taken and neither pushed
 * nor dropped yet counts as dropped, once; later counts from a push thread that is still stuck in a
 * push are ignored, and a sample taken after the seal counts as dropped at once. So once sealed,
 * {@code samplesTaken == samplesPushed + samplesDropped} in every snapshot.
 *
 * <pre>{@code
 * DeliveryCounters counters = new DeliveryCounters();
 * counters.taken();
 * AgentCounters snapshot = counters.snapshot();
 * counters.seal(); // at close: the one undelivered sample is dropped
 * }</pre>
 */
public final class DeliveryCounters {
  private final LongAdder taken = new LongAdder();
  private final LongAdder pushed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failedPushes = new LongAdder();
  // The counters at the seal; null until then. Written once, under this object's lock.
  private volatile AgentCounters sealed;

  /** One sample was taken on the training thread. */
  public void taken() {
    taken.increment();
  }

  /** The server accepted {@code samples} samples (or already held them). */
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
   * pushed or dropped, and the snapshot reads taken last, so {@code samplesTaken >= samplesPushed +
   * samplesDropped} holds in every snapshot even while other threads count; once {@linkplain
   * #seal() sealed}, they are equal.
   */
  public AgentCounters snapshot() {
    AgentCounters atSeal = sealed;
    if (atSeal != null) {
      long late = taken.sum() - atSeal.samplesTaken();
      return new AgentCounters(
          atSeal.samplesTaken() + late,
          atSeal.samplesPushed(),
          atSeal.samplesDropped() + late,
          atSeal.pushesFailed());
    }
    long pushedNow = pushed.sum();
    long droppedNow = dropped.sum();
    long failedNow = failedPushes.sum();
    return new AgentCounters(taken.sum(), pushedNow, droppedNow, failedNow);
  }

  /**
   * The counters as they will be once a push of {@code inFlight} samples is accepted: what a push
   * carries, so that the server holds the agent's counters after the push rather than one push
   * behind. The push's samples are taken and not yet settled, so the invariant of {@link
   * #snapshot()} still holds.
   */
  AgentCounters snapshotDelivering(int inFlight) {
    AgentCounters now = snapshot();
    if (sealed != null) {
      return now;
    }
    long pushedIfAccepted =
        Math.min(now.samplesPushed() + inFlight, now.samplesTaken() - now.samplesDropped());
    return new AgentCounters(
        now.samplesTaken(), pushedIfAccepted, now.samplesDropped(), now.pushesFailed());
  }

  /**
   * Settles the counters for good: what is undelivered now counts as dropped, later pushed and
   * dropped counts are ignored. Idempotent.
   *
   * @return the samples this call counted as dropped (0 when already sealed)
   */
  public synchronized long seal() {
    if (sealed != null) {
      return 0;
    }
    AgentCounters now = snapshot();
    long undelivered = undelivered(now);
    sealed =
        new AgentCounters(
            now.samplesTaken(),
            now.samplesPushed(),
            now.samplesDropped() + undelivered,
            now.pushesFailed());
    return undelivered;
  }

  /** Samples taken and neither pushed nor dropped yet: queued or in flight. */
  public static long undelivered(AgentCounters counters) {
    return counters.samplesTaken() - counters.samplesPushed() - counters.samplesDropped();
  }
}
