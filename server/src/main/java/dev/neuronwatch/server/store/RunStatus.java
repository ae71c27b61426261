package dev.neuronwatch.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a run stands, as {@code GET /api/v1/runs} reports it: {@code finished} once its agent said
 * so; {@code stopped} when unfinished and silent for longer than {@link #SILENCE} (the training
 * process died, hangs or lost its connection; Prometheus raises NeuronwatchAgentStopped on the same
 * condition); else {@code running}.
 *
 * <pre>{@code
 * RunStatus status = RunStatus.of(store.run("run-1").orElseThrow(), Instant.now());
 * }</pre>
 */
public enum RunStatus {
  RUNNING,
  FINISHED,
  STOPPED;

  /** How long an unfinished run may stay silent before it counts as stopped. */
  public static final Duration SILENCE = Duration.ofMinutes(2);

  /** The status of {@code run} at {@code now}. */
  public static RunStatus of(RunSnapshot run, Instant now) {
    if (run.finished()) {
      return FINISHED;
    }
    return run.lastPushTime().plus(SILENCE).isBefore(now) ? STOPPED : RUNNING;
  }

  /** The name in JSON: {@code running}, {@code finished}, {@code stopped}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
