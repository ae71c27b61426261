package dev.neuronwatch.server.ingest;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts idle runs in the background: every {@code interval}, the finished runs without a push for
 * longer than {@code ttl} and the unfinished ones without a push for longer than {@code stoppedTtl}
 * (by the pipeline's clock) are ended; a zero TTL never evicts. A run is thus evicted between its
 * TTL and its TTL + {@code interval} after its last push. An unfinished run whose agent went silent
 * is a crashed or hung job: it is kept much longer, so that NeuronwatchAgentStopped, which
 * Prometheus raises from the run's series, stays firing until the run is deleted.
 *
 * <pre>{@code
 * IdleRunSweeper sweeper =
 *     new IdleRunSweeper(pipeline, Duration.ofMinutes(10), Duration.ofHours(24),
 *         Duration.ofSeconds(30));
 * sweeper.start();
 * // ...
 * sweeper.close();
 * }</pre>
 */
public final class IdleRunSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdleRunSweeper.class);

  private final IngestPipeline pipeline;
  private final Duration ttl;
  private final Duration stoppedTtl;
  private final Duration interval;
  private ScheduledExecutorService executor;

  /**
   * @param ttl idle time after which a finished run is evicted, not negative, zero for never
   * @param stoppedTtl idle time after which an unfinished run is evicted, not negative, zero for
   *     never
   * @param interval time between sweeps, positive
   */
  public IdleRunSweeper(
      IngestPipeline pipeline, Duration ttl, Duration stoppedTtl, Duration interval) {
    if (ttl.isNegative() || stoppedTtl.isNegative() || (ttl.isZero() && stoppedTtl.isZero())) {
      throw new IllegalArgumentException(
          "ttl and stoppedTtl must not be negative nor both zero, were " + ttl + ", " + stoppedTtl);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.pipeline = pipeline;
    this.ttl = ttl;
    this.stoppedTtl = stoppedTtl;
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
      pipeline.evictIdle(ttl, stoppedTtl);
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
