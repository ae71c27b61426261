package dev.neuronwatch.server.ingest;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts idle runs in the background: every {@code interval}, the runs without a push for longer
 * than {@code ttl} (by the pipeline's clock) are ended. A run is thus evicted between {@code ttl}
 * and {@code ttl + interval} after its last push.
 *
 * <pre>{@code
 * IdleRunSweeper sweeper =
 *     new IdleRunSweeper(pipeline, Duration.ofMinutes(10), Duration.ofSeconds(30));
 * sweeper.start();
 * // ...
 * sweeper.close();
 * }</pre>
 */
public final class IdleRunSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdleRunSweeper.class);

  private final IngestPipeline pipeline;
  private final Duration ttl;
  private final Duration interval;
  private ScheduledExecutorService executor;

  /**
   * @param ttl idle time after which a run is evicted, positive
   * @param interval time between sweeps, positive
   */
  public IdleRunSweeper(IngestPipeline pipeline, Duration ttl, Duration interval) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.pipeline = pipeline;
    this.ttl = ttl;
    this.interval = interval;
  }

  /** Starts sweeping on a daemon thread. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("the sweeper was already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "neuronwatch-idle-run-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    long nanos = interval.toNanos();
    executor.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void sweep() {
    try {
      pipeline.evictIdle(ttl);
    } catch (RuntimeException e) {
      // A task that throws is never run again: log and keep sweeping.
      LOG.error("sweeping idle runs failed", e);
    }
  }

  /** Stops sweeping, waiting briefly for a sweep under way; harmless when not started. */
  @Override
  public synchronized void close() {
    if (executor == null) {
      return;
    }
    executor.shutdown(); // cancels the next sweeps; one under way finishes
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("a sweep of idle runs was still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
