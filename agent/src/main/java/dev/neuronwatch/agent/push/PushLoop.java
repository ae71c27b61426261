package dev.neuronwatch.agent.push;

import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.StepSample;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's single daemon push thread ({@value #THREAD_NAME}) and the bounded queue that feeds
 * it.
 *
 * <p>The training thread {@linkplain #offer(StepSample) offers} samples; when the queue is full the
 * sample is dropped and counted, never waited for. The push thread pushes when a quarter of the
 * queue (at most {@code maxSamplesPerPush}) is queued or {@code flushInterval} has passed, or at
 * once when a sample is offered as urgent, and each push takes everything queued up to {@code
 * maxSamplesPerPush}: when samples come faster than one push per round trip, pushes grow rather
 * than the queue overflowing. The push thread paces its own looks at the queue ({@link WakePacer});
 * the training thread wakes it only for an urgent sample or when half the queue is full, so that a
 * training step is not preempted by the thread it woke. A failed push (connection error, timeout,
 * 429, 5xx) is retried with exponential backoff and jitter; meanwhile the batch is kept and new
 * samples queue up to the bound. When the server refuses a push as too large (413), the number of
 * samples per push is halved until the server takes them, and stays there; a single sample too
 * large is dropped. A push the server refuses for good (another 4xx) drops its batch. Nothing
 * thrown by the sink or the alert listener escapes the thread.
 *
 * <p>{@link #close(Duration)} stops taking samples, delivers what is queued as far as the timeout
 * allows, interrupts a push that hangs (and aborts it through the client a loop owns), counts what
 * is left as dropped, and returns within the timeout with the counters {@linkplain
 * DeliveryCounters#seal() sealed}: taken = pushed + dropped, even when the push thread is still
 * stuck in a sink that ignores interrupts. A loop {@linkplain #owning owning} its sink closes it as
 * the push thread ends.
 *
 * <pre>{@code
 * PushLoop loop = PushLoop.owning(settings, new PushClient(serverUri, connect, request, token));
 * loop.start();
 * loop.offer(sample);
 * loop.close(Duration.ofSeconds(5));
 * }</pre>
 */
public final class PushLoop {
  /** The push thread's name. */
  public static final String THREAD_NAME = "neuronwatch-agent-push";

  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  private static final Logger LOG = System.getLogger(PushLoop.class.getName());

  private final ArrayBlockingQueue<StepSample> queue;
  private final int maxBatch;
  private final int batchTrigger;
  private final int wakeThreshold;
  private final long flushNanos;
  private final DeliveryCounters counters = new DeliveryCounters();
  private final FiringAlerts alerts;
  private final Delivery delivery;
  private final AutoCloseable owned;
  private final Thread thread;
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private volatile boolean finishRequested;
  private volatile boolean urgent;
  private volatile boolean closing;
  private volatile long closeDeadline;

  // Owned by the push thread.
  private final List<StepSample> batch;
  private int pushLimit;
  private boolean finishSent;
  private boolean closeSeen;
  private long nextFlushAt;
  private long nextAttemptAt;
  private WakePacer pacer;

  /**
   * A loop delivering to {@code sink} with the configuration's queue, batching and timing; the sink
   * stays the caller's to close.
   */
  public PushLoop(PushSettings config, PushSink sink) {
    this(config, sink, defaultBackoff(config), null);
  }

  /**
   * A loop delivering through {@code client} that closes it as the push thread ends, so that a
   * closed agent holds no HTTP client and no thread.
   */
  public static PushLoop owning(PushSettings config, PushClient client) {
    return new PushLoop(config, client, defaultBackoff(config), client);
  }

  PushLoop(PushSettings config, PushSink sink, Backoff backoff) {
    this(config, sink, backoff, null);
  }

  private PushLoop(PushSettings config, PushSink sink, Backoff backoff, AutoCloseable owned) {
    this.owned = owned;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.maxBatch = config.maxSamplesPerPush();
    this.pushLimit = maxBatch;
    this.batchTrigger = batchTrigger(maxBatch, config.queueCapacity());
    this.wakeThreshold = Math.max(batchTrigger, config.queueCapacity() / 2);
    this.flushNanos = config.flushInterval().toNanos();
    this.alerts = new FiringAlerts(config.alertListener());
    this.delivery = new Delivery(config.run(), config.attempt(), sink, counters, backoff, alerts);
    this.batch = new ArrayList<>(maxBatch);
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * How many queued samples start a push before the flush interval: a quarter of the queue, at most
   * a full push. A push takes everything queued up to {@code maxSamplesPerPush}, so when the
   * samples come faster than one push a round trip, pushes grow instead of the queue overflowing.
   */
  static int batchTrigger(int maxSamplesPerPush, int queueCapacity) {
    return Math.max(1, Math.min(maxSamplesPerPush, queueCapacity / 4));
  }

  private static Backoff defaultBackoff(PushSettings config) {
    return new Backoff(INITIAL_BACKOFF, config.maxBackoff(), new Random());
  }

  /** Starts the push thread. */
  public void start() {
    thread.start();
  }

  /**
   * Counts a sample as taken and queues it for delivery without waiting; a full queue or a closing
   * loop drops and counts it.
   *
   * @return whether the sample was queued
   */
  public boolean offer(StepSample sample) {
    return offer(sample, false);
  }

  /**
   * Like {@link #offer(StepSample)}; when {@code urgent}, the push thread is woken to push what is
   * queued now instead of at the next flush (unless a failed push is waiting out its backoff).
   *
   * @return whether the sample was queued
   */
  public boolean offer(StepSample sample, boolean urgent) {
    counters.taken();
    if (closing || !queue.offer(sample)) {
      counters.dropped(1);
      return false;
    }
    if (urgent) {
      this.urgent = true;
      LockSupport.unpark(thread);
    } else if (queue.size() >= wakeThreshold) {
      // The push thread fell behind its own pace: a burst, or a rate change it has not seen yet.
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Marks the run as finished: the push that empties the queue carries {@code finished=true}. */
  public void requestFinish() {
    finishRequested = true;
    LockSupport.unpark(thread);
  }

  /** The counters this loop and its producer update. */
  public DeliveryCounters counters() {
    return counters;
  }

  /** Samples taken and not yet pushed or dropped: queued, or in a batch being delivered. */
  public long pending() {
    return DeliveryCounters.undelivered(counters.snapshot());
  }

  /**
   * The HTTP status with which the server refused the latest answered push for good (401 or 403 for
   * a wrong or missing token), 0 when it was accepted or nothing was answered yet.
   */
  public int refusedStatus() {
    return delivery.refusedStatus();
  }

  /**
   * The run's attempt number on the server, as the latest answer said (it goes up when the run
   * started again under the same name); 0 before an answer said.
   */
  public int serverAttempt() {
    return delivery.attempt();
  }

  /** Whether the push thread is still alive (for tests: a stuck sink can outlive close()). */
  boolean running() {
    return thread.isAlive();
  }

  /** The firing alerts of the last accepted push. */
  public List<Alert> firingAlerts() {
    return alerts.current();
  }

  /**
   * Stops taking samples, delivers what it can within {@code timeout}, then stops the thread.
   * Idempotent; returns within {@code timeout} even when the sink hangs.
   */
  public void close(Duration timeout) {
    if (!closeStarted.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    long total = Math.max(1, timeout.toNanos());
    // The last quarter is kept for interrupting a push that ignores the deadline.
    closeDeadline = start + total - total / 4;
    closing = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() == thread) {
      return;
    }
    joinUntil(start + total - total / 8);
    if (thread.isAlive()) {
      thread.interrupt();
      // A push blocked in a read ignores the interrupt; closing its client aborts it.
      closeOwned();
      joinUntil(start + total);
    }
    // Settled now, even if the push thread is stuck in a sink that ignores interrupts or the
    // machine is too busy to let it finish in time: what it counts later is ignored.
    long settled = counters.seal();
    if (thread.isAlive() && settled > 0) {
      LOG.log(
          Level.WARNING,
          "the push thread did not stop within the close timeout; "
              + settled
              + " undelivered samples counted as dropped");
    }
    AgentCounters closed = counters.snapshot();
    if (closed.samplesTaken() > 0 && closed.samplesPushed() == 0) {
      int refused = delivery.refusedStatus();
      LOG.log(
          Level.WARNING,
          "none of the "
              + closed.samplesTaken()
              + " samples taken reached the server"
              + (refused == 401 || refused == 403
                  ? ": it refused the agent's token (" + refused + ")"
                  : refused != 0 ? ": it refused them (" + refused + ")" : ""));
    }
  }

  private void joinUntil(long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      return;
    }
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long started = System.nanoTime();
    nextFlushAt = started + flushNanos;
    pacer = new WakePacer(batchTrigger, started);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          if (!step()) {
            break;
          }
        } catch (Throwable t) {
          LOG.log(Level.ERROR, "unexpected failure in the push loop; pausing before going on", t);
          parkUntil(System.nanoTime() + INITIAL_BACKOFF.toNanos());
        }
      }
    } finally {
      dropUndelivered();
      closeOwned();
    }
  }

  /** One turn of the loop; false when it is time to stop. */
  private boolean step() {
    long now = System.nanoTime();
    if (closing && (nothingLeft() || now - closeDeadline >= 0)) {
      return false;
    }
    if (closing && !closeSeen) {
      // Closing is the last chance to deliver: a long backoff would only run out the deadline.
      closeSeen = true;
      nextAttemptAt = now;
    }
    if (batch.isEmpty()) {
      if (urgent
          || closing
          || finishDue()
          || queue.size() >= batchTrigger
          || now - nextFlushAt >= 0) {
        // Cleared before draining: an urgent sample queued meanwhile raises it again.
        urgent = false;
        queue.drainTo(batch, maxBatch);
        nextFlushAt = now + flushNanos;
        pacer.drained(now, queue.size());
      }
      if (batch.isEmpty() && !finishDue()) {
        if (!closing) {
          parkUntil(pacer.nextLook(now, queue.size(), nextFlushAt));
        }
        return true;
      }
    }
    if (now - nextAttemptAt < 0) {
      boolean deadlineFirst = closing && closeDeadline - nextAttemptAt < 0;
      parkUntil(deadlineFirst ? closeDeadline : nextAttemptAt);
      return true;
    }
    attempt();
    return true;
  }

  private void attempt() {
    List<StepSample> part = batch.size() > pushLimit ? batch.subList(0, pushLimit) : batch;
    boolean finished = finishRequested && queue.isEmpty() && part.size() == batch.size();
    Delivery.Outcome outcome = delivery.attempt(part, finished);
    long now = System.nanoTime();
    if (outcome.tooLarge()) {
      pushLimit = Math.max(1, part.size() / 2);
      nextAttemptAt = now;
    } else if (outcome.settled()) {
      finishSent |= finished;
      // Removes the part from the batch: all of it, or the prefix just pushed.
      part.clear();
      nextAttemptAt = now;
    } else {
      nextAttemptAt = now + outcome.retryIn().toNanos();
    }
  }

  private boolean finishDue() {
    return finishRequested && !finishSent;
  }

  private boolean nothingLeft() {
    return batch.isEmpty() && queue.isEmpty() && !finishDue();
  }

  private void parkUntil(long deadline) {
    long wait = deadline - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(this, wait);
    }
  }

  private void closeOwned() {
    if (owned == null) {
      return;
    }
    try {
      owned.close();
    } catch (Throwable t) {
      LOG.log(Level.DEBUG, "closing the push client failed", t);
    }
  }

  private void dropUndelivered() {
    long undelivered = batch.size();
    while (queue.poll() != null) {
      undelivered++;
    }
    batch.clear();
    if (undelivered > 0) {
      counters.dropped(undelivered);
      LOG.log(Level.WARNING, undelivered + " samples could not be delivered before close");
    }
  }
}
