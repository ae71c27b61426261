package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.protocol.AgentCounters;

/**
 * The check every test makes once its agent is closed: taken = pushed + dropped and nothing queued,
 * on the agent and in the counters the server holds for the run.
 *
 * <pre>{@code
 * agent.close();
 * Accounting.assertSettled(agent.status());
 * Accounting.assertSettled(server.run("faults-none").orElseThrow());
 * }</pre>
 */
final class Accounting {
  private Accounting() {}

  static void assertSettled(AgentStatus closed) {
    assertThat(closed.queued()).as("samples still queued after close: %s", closed).isZero();
    assertThat(closed.samplesPushed() + closed.samplesDropped())
        .as("taken = pushed + dropped on the agent: %s", closed)
        .isEqualTo(closed.samplesTaken());
  }

  static void assertSettled(RunView run) {
    AgentCounters agent = run.agent();
    assertThat(agent).as("the server holds agent counters for %s", run.run()).isNotNull();
    assertThat(agent.samplesPushed() + agent.samplesDropped())
        .as("taken = pushed + dropped on the server for %s: %s", run.run(), agent)
        .isEqualTo(agent.samplesTaken());
  }
}
