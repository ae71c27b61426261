package dev.neuronwatch.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.optimizer.Optimizer;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DJL's Trainer on the PyTorch engine trains an MLP with the listener attached, pushing to a real
 * server on loopback: the reference network's dying-ReLU recipe must fire NeuronwatchDyingRelu from
 * the server's rules, the healthy recipe nothing.
 */
class DyingReluAlertTest {
  private static final int STEPS = 300;
  private static LiveServer server;

  @BeforeAll
  static void startServer() {
    server = new LiveServer();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static AgentStatus train(String run, Optimizer optimizer) throws Exception {
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run(run)
                .serverUri(server.uri())
                .sampleEvery(10)
                .openingSteps(0) // the regular samples are counted
                .flushInterval(Duration.ofMillis(100))
                // a loaded CI machine may answer slower than the default 2 s and 5 s allow
                .requestTimeout(Duration.ofSeconds(20))
                .closeTimeout(Duration.ofSeconds(30))
                .build());
    try {
      NeuronwatchTrainingListener listener = new NeuronwatchTrainingListener(agent);
      SpiralsTraining.train(
          NeuronwatchBlock.wrap(SpiralsTraining.reluMlp()), optimizer, STEPS, 7, listener);
      assertThat(listener.step()).isEqualTo(STEPS);
      agent.finish();
    } finally {
      agent.close();
    }
    return agent.status();
  }

  @Test
  void dyingReluRecipeFiresDyingRelu() throws Exception {
    AgentStatus status = train("djl-dying", SpiralsTraining.dyingSgd());

    assertThat(status.samplesTaken()).isEqualTo(STEPS / 10);
    assertThat(status.samplesPushed()).as("%s", status).isEqualTo(status.samplesTaken());
    assertThat(server.raised("djl-dying")).contains("NeuronwatchDyingRelu");
    assertThat(server.metrics().max("neuronwatch_layer_dead_units_ratio", "run", "djl-dying"))
        .hasValueSatisfying(dead -> assertThat(dead).isGreaterThan(0.5));
  }

  @Test
  void healthyRecipeRaisesNothing() throws Exception {
    AgentStatus status = train("djl-healthy", SpiralsTraining.healthyAdam());

    assertThat(status.samplesPushed()).as("%s", status).isEqualTo(STEPS / 10);
    assertThat(server.raised("djl-healthy")).isEmpty();
    assertThat(server.metrics().max("neuronwatch_layer_dead_units_ratio", "run", "djl-healthy"))
        .hasValueSatisfying(dead -> assertThat(dead).isLessThan(0.5));
  }
}
