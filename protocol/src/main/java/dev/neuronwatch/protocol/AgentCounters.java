package dev.neuronwatch.protocol;

/**
 * The agent's account of its own work since it started, sent with every push so the server can
 * export it: samples taken on the training thread, samples the server accepted, samples dropped
 * (queue full or undeliverable), and push attempts that failed.
 *
 * <pre>{@code
 * AgentCounters counters = new AgentCounters(120, 110, 0, 2);
 * }</pre>
 */
public record AgentCounters(
    long samplesTaken, long samplesPushed, long samplesDropped, long pushesFailed) {

  public AgentCounters {
    Checks.count("samplesTaken", samplesTaken);
    Checks.count("samplesPushed", samplesPushed);
    Checks.count("samplesDropped", samplesDropped);
    Checks.count("pushesFailed", pushesFailed);
  }
}
