package dev.neuronwatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.model.Alert;
import dev.neuronwatch.model.AlertState;
import java.time.Duration;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Real Deeplearning4j training against a real server: the reference network's dying-relu recipe
 * fires NeuronwatchDyingRelu, its healthy recipe raises nothing.
 */
class DyingReluAlertTest {
  private static final int STEPS = 300;

  private static List<Alert> train(LiveServer server, String run, IUpdater updater)
      throws Exception {
    MultiLayerNetwork network = Networks.spiralsMlp(updater, 42);
    DataSet data = Spirals.generate(2048, 42);
    data.shuffle(42);
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run(run)
                .serverUri(server.uri())
                .sampleEvery(10)
                .requestTimeout(Duration.ofSeconds(10))
                .closeTimeout(Duration.ofSeconds(20))
                .build());
    try {
      network.addListeners(new NeuronwatchTrainingListener(agent));
      Networks.train(network, data, 64, STEPS);
      agent.finish();
    } finally {
      agent.close();
    }
    // The listener sampled every tenth step. (On a loaded machine a push may time out while the
    // server still applies it; the agent's retry is then refused and counted as dropped.)
    assertThat(agent.status().samplesTaken()).isEqualTo(STEPS / 10);
    assertThat(agent.status().samplesPushed()).isGreaterThanOrEqualTo(STEPS / 10 - 2);
    return server.alerts(run);
  }

  @Test
  void dyingConfigurationFiresDyingReluAndHealthyOneNothing() throws Exception {
    try (LiveServer server = new LiveServer()) {
      server.alerts("warm-up"); // the server's first request is slow to answer
      List<Alert> dying = train(server, "dl4j-dying-relu", Networks.dyingUpdater());
      assertThat(dying)
          .filteredOn(a -> a.state() != AlertState.PENDING)
          .extracting(Alert::name)
          .contains("NeuronwatchDyingRelu");

      List<Alert> healthy = train(server, "dl4j-healthy", Networks.healthyUpdater());
      assertThat(healthy).filteredOn(a -> a.state() != AlertState.PENDING).isEmpty();
    }
  }
}
