package dev.neuronwatch.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.TrainingResult;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every preset, pathological ones included (dead units, NaN and Inf in the arrays the agent reads),
 * trains bit-identically with an agent pushing to a real server and without one.
 *
 * <p>The agent samples every step, the most it can read; a diverging run still stops at the same
 * step as without it (the trainer's divergence patience does not depend on the agent).
 */
class BitIdentityTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Scenario.class)
  void trainsBitIdenticallyWithAndWithoutAnAgent(Scenario scenario) throws Exception {
    TrainingConfig config = scenario.config().toBuilder().steps(250).build();
    TrainingResult unobserved = Trainer.train(config, null, null);
    String run = "identity-" + scenario.cliName();
    try (LiveServer server = LiveServer.onFreePort()) {
      TrainingResult observed;
      NeuronwatchAgent agent =
          NeuronwatchAgent.start(Agents.config(run, server.uri()).queueCapacity(1024).build());
      try (agent) {
        observed = Trainer.train(config, agent, null);
        Await.until("delivery", Duration.ofSeconds(10), () -> agent.status().queued() == 0);
        assertThat(agent.status().samplesTaken()).isEqualTo(observed.steps());
        assertThat(agent.status().samplesPushed()).isEqualTo(observed.steps());
      }
      Accounting.assertSettled(agent.status());
      Accounting.assertSettled(server.run(run).orElseThrow());

      assertThat(observed.weightsChecksum()).isEqualTo(unobserved.weightsChecksum());
      assertThat(Double.doubleToRawLongBits(observed.finalLoss()))
          .isEqualTo(Double.doubleToRawLongBits(unobserved.finalLoss()));
      assertThat(observed).isEqualTo(unobserved);
      assertThat(server.run(run).orElseThrow().lastStep()).isEqualTo(observed.steps());
    }
  }
}
