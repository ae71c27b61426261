package dev.neuronwatch.agent.push;

/**
 * When the push thread next looks at its queue while it waits for a batch to fill: about when the
 * samples, arriving at the rate seen since it last looked, reach the batch trigger, never sooner
 * than {@link #MIN_WAIT_NANOS} and never later than {@link #MAX_WAIT_NANOS} or the flush deadline.
 *
 * <p>The push thread paces itself so that the training thread does not have to wake it: a thread
 * woken by the training thread tends to be run on that thread's core at once, preempting the
 * training step that offered the sample. Only the push thread calls it.
 *
 * <pre>{@code
 * WakePacer pacer = new WakePacer(64, System.nanoTime());
 * long wakeAt = pacer.nextLook(System.nanoTime(), queue.size(), nextFlushAt);
 * }</pre>
 */
final class WakePacer {
  /** The shortest wait between two looks: 1 ms. */
  static final long MIN_WAIT_NANOS = 1_000_000L;

  /**
   * The longest wait between two looks: 50 ms, so that samples arriving again after a pause, faster
   * than before, find the push thread looking again within 50 ms.
   */
  static final long MAX_WAIT_NANOS = 50_000_000L;

  private final int trigger;
  private long lastLookAt;
  private int lastQueued;
  private long wait = MIN_WAIT_NANOS;

  /**
   * @param trigger how many queued samples start a push
   * @param now the time the thread starts waiting, from {@link System#nanoTime()}
   */
  WakePacer(int trigger, long now) {
    this.trigger = trigger;
    this.lastLookAt = now;
  }

  /** The queue was drained at {@code now}, leaving {@code queued} samples in it. */
  void drained(long now, int queued) {
    lastLookAt = now;
    lastQueued = queued;
  }

  /**
   * When to look next, given that {@code queued} samples wait now and the flush is due at {@code
   * flushAt} (both {@link System#nanoTime()} values).
   */
  long nextLook(long now, int queued, long flushAt) {
    int arrived = queued - lastQueued;
    long elapsed = Math.max(1, now - lastLookAt);
    lastLookAt = now;
    lastQueued = queued;
    if (arrived > 0) {
      // The time the batch takes to fill at the rate just seen.
      double perSample = (double) elapsed / arrived;
      wait = (long) Math.min(MAX_WAIT_NANOS, Math.max(1, trigger - queued) * perSample);
    } else {
      wait = Math.min(MAX_WAIT_NANOS, 2 * wait);
    }
    wait = Math.max(MIN_WAIT_NANOS, wait);
    return flushAt - now < wait ? flushAt : now + wait;
  }
}
