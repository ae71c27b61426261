package dev.neuronwatch.agent;

/**
 * A snapshot of the agent's counters: samples taken on the training thread, accepted by the
 * server, dropped (queue full, rejected by the server, broken, or still undelivered at close),
 * failed push attempts, samples waiting to be delivered, anomalies detected (steps with a loss
 * spike, a loss or layer turning non-finite, or a weight gradient growing tenfold) and bursts
 * started (an anomaly during a burst extends it and is not counted as a new burst).
 *
 * <p>{@code samplesTaken == samplesPushed + samplesDropped + queued} in every snapshot: {@code
 * queued} counts the samples taken and not yet settled, including a batch being pushed. After
 * {@code close()} it is 0, unless a custom sink still hangs ignoring interrupts.
 *
 * <pre>{@code
 * AgentStatus status = agent.status();
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
    long bursts) {

  /** A status without anomalies or bursts. */
  public AgentStatus(
      long samplesTaken, long samplesPushed, long samplesDropped, long pushesFailed, long queued) {
    this(samplesTaken, samplesPushed, samplesDropped, pushesFailed, queued, 0, 0);
  }
}
