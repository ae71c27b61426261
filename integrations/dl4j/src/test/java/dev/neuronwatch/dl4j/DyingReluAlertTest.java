package dev.neuronwatch.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Real Deeplearning4j training against a real server, as a {@code MultiLayerNetwork} and as a
 * {@code ComputationGraph}: the reference network's dying-relu recipe fires NeuronwatchDyingRelu,
 * its healthy recipe raises nothing.
 */
class DyingReluAlertTest {
  private static final int STEPS = 300;

  /** Trains with a listener feeding a fresh agent of run {@code run}; the run's alerts. */
  private static List<Alert> train(
      LiveServer server, String run, BiConsumer<NeuronwatchTrainingListener, DataSet> training)
      throws Exception {
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
      training.accept(new NeuronwatchTrainingListener(agent), data);
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

  private static BiConsumer<NeuronwatchTrainingListener, DataSet> multiLayer(boolean dying) {
    return (listener, data) -> {
      MultiLayerNetwork network =
          Networks.spiralsMlp(dying ? Networks.dyingUpdater() : Networks.healthyUpdater(), 42);
      network.addListeners(listener);
      Networks.train(network, data, 64, STEPS);
    };
  }

  private static BiConsumer<NeuronwatchTrainingListener, DataSet> graph(boolean dying) {
    return (listener, data) -> {
      ComputationGraph network =
          Networks.spiralsGraph(dying ? Networks.dyingUpdater() : Networks.healthyUpdater(), 42);
      network.addListeners(listener);
      Networks.train(network, data, 64, STEPS);
    };
  }

  private static void assertDyingFiresAndHealthyIsQuiet(List<Alert> dying, List<Alert> healthy) {
    assertThat(dying)
        .filteredOn(a -> a.state() != AlertState.PENDING)
        .extracting(Alert::name)
        .contains("NeuronwatchDyingRelu");
    assertThat(healthy).filteredOn(a -> a.state() != AlertState.PENDING).isEmpty();
  }

  @Test
  void dyingConfigurationFiresDyingReluAndHealthyOneNothing() throws Exception {
    try (LiveServer server = new LiveServer()) {
      server.alerts("warm-up"); // the server's first request is slow to answer
      assertDyingFiresAndHealthyIsQuiet(
          train(server, "dl4j-dying-relu", multiLayer(true)),
          train(server, "dl4j-healthy", multiLayer(false)));
    }
  }

  @Test
  void computationGraphDyingFiresDyingReluAndHealthyOneNothing() throws Exception {
    try (LiveServer server = new LiveServer()) {
      server.alerts("warm-up");
      List<Alert> dying = train(server, "dl4j-graph-dying-relu", graph(true));
      assertThat(dying)
          .filteredOn(a -> a.name().equals("NeuronwatchDyingRelu"))
          .extracting(Alert::layer)
          .isNotEmpty()
          .allSatisfy(layer -> assertThat(layer).startsWith("dense"));
      assertDyingFiresAndHealthyIsQuiet(dying, train(server, "dl4j-graph-healthy", graph(false)));
    }
  }
}
