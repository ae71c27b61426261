package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job run again under the same run name while the server still holds the first run: its samples
 * are stored as a new attempt, and its agent is told so, instead of every push being answered
 * {@code accepted: 0} until the steps pass the first run's last step.
 */
class ReRunTest {

  @BeforeAll
  static void warmUp() throws Exception {
    WarmUp.once();
  }

  private static AgentStatus train(LiveServer server, String attempt, int steps) {
    var config = Agents.config("rerun", server.uri());
    if (attempt != null) {
      config.attempt(attempt);
    }
    NeuronwatchAgent agent = NeuronwatchAgent.start(config.build());
    try (agent) {
      new TimedLoop(new LayerArrays(5, 1, 8)).run(agent, steps, Duration.ofMillis(1));
      agent.finish();
    }
    AgentStatus closed = agent.status();
    Accounting.assertSettled(closed);
    return closed;
  }

  @Test
  void aReRunStartingFromItsFirstStepIsStoredAsASecondAttempt() throws Exception {
    try (LiveServer server = LiveServer.onFreePort()) {
      AgentStatus first = train(server, null, 60);
      AgentStatus again = train(server, null, 40);

      assertThat(first.samplesPushed()).isEqualTo(60);
      assertThat(again.samplesPushed()).isEqualTo(40);
      RunView run = server.run("rerun").orElseThrow();
      assertThat(run.lastStep()).isEqualTo(40);
      assertThat(run.samples()).isEqualTo(40);
      assertThat(run.attempt()).isEqualTo(2);
      Accounting.assertSettled(run);
    }
  }

  @Test
  void aResumedJobNamingANewAttemptStartsOneAndItsAgentIsTold() throws Exception {
    try (LiveServer server = LiveServer.onFreePort()) {
      train(server, "try-1", 30);
      var config = Agents.config("rerun", server.uri()).attempt("try-2");
      NeuronwatchAgent agent = NeuronwatchAgent.start(config.build());
      try (agent) {
        new TimedLoop(new LayerArrays(5, 1, 8)).run(agent, 10, Duration.ofMillis(1));
        agent.finish();
      }

      assertThat(agent.attempt()).isEqualTo(2);
      assertThat(agent.status().samplesPushed()).isEqualTo(10);
      assertThat(server.run("rerun").orElseThrow().attempt()).isEqualTo(2);
    }
  }
}
