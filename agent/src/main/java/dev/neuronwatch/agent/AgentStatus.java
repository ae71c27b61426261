package dev.neuronwatch.agent;

/**
 * A snapshot of the agent's counters: samples taken on the training thread, accepted by the
 * server, dropped (queue full, rejected by the server, broken, or still undelivered at close),
 * failed push attempts, and samples waiting to be delivered.
 *
 * <p>Once the agent is closed, {@code samplesTaken == samplesPushed + samplesDropped} and {@code
 * queued == 0}; while it runs the same holds with {@code queued} added, up to the samples moving
 * between counters at the instant of the snapshot.
 *
 * <pre>{@code
 * AgentStatus status = agent.status();
 * if (status.samplesDropped() > 0) { ... }
 * }</pre>
 */
public record AgentStatus(
    long samplesTaken, long samplesPushed, long samplesDropped, long pushesFailed, long queued) {}
