package dev.neuronwatch.agent;

/**
 * A snapshot of the agent's counters: samples taken on the training thread, accepted by the server,
 * dropped (queue full, rejected by the server, broken, or still undelivered at close), failed push
 * attempts, samples waiting to be delivered, anomalies detected (steps with a loss spike, a loss or
 * layer turning non-finite, or a weight gradient growing tenfold) and bursts started (an anomaly
 * during a burst extends it and is not counted as a new burst).
 *
 * <p>{@code samplesTaken == samplesPushed + samplesDropped + queued} in every snapshot: {@code
 * queued} counts the samples taken and not yet settled, including a batch being pushed. After
 * {@code close()} it is 0, unless a custom sink still hangs ignoring interrupts.
 *
 * <p>{@code refusedStatus} is the HTTP status with which the server refused the latest answered
 * push for good (400, 401, 403, 413 for a single sample, 422, ...), 0 when the latest answered push
 * was accepted or none was answered yet. 401 and 403 ({@link #unauthorized()}) mean the server
 * refuses the agent's token: nothing reaches it until the token is fixed.
 *
 * <pre>{@code
 * AgentStatus status = agent.status();
 * if (status.unauthorized()) { ... } // no sample reaches the server
 * if (status.samplesDropped() > 0) { ... }
 * }</pre>
 */
public record AgentStatus(
    long samplesTaken,
    long samplesPushed,
    long samplesDropped,
    long pushesFailed,
    long queued,
    long anomalies,
    long bursts,
    int refusedStatus) {

  /** A status without a refusal. */
  public AgentStatus(
      long samplesTaken,
      long samplesPushed,
      long samplesDropped,
      long pushesFailed,
      long queued,
      long anomalies,
      long bursts) {
    this(samplesTaken, samplesPushed, samplesDropped, pushesFailed, queued, anomalies, bursts, 0);
  }

  /** A status without anomalies or bursts. */
  public AgentStatus(
      long samplesTaken, long samplesPushed, long samplesDropped, long pushesFailed, long queued) {
    this(samplesTaken, samplesPushed, samplesDropped, pushesFailed, queued, 0, 0, 0);
  }

  /** The server refused the agent's token (401 or 403) on the latest answered push. */
  public boolean unauthorized() {
    return refusedStatus == 401 || refusedStatus == 403;
  }
}
