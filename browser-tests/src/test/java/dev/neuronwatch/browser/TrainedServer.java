package dev.neuronwatch.browser;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.net.URI;
import java.time.Duration;

/**
 * An in-process server on a free loopback port, and real training runs of the reference network
 * pushing to it through the agent. Close it to stop the server.
 *
 * <pre>{@code
 * try (TrainedServer server = TrainedServer.start()) {
 *   server.train("dying-relu-1", Scenario.DYING_RELU);
 * }
 * }</pre>
 */
final class TrainedServer implements AutoCloseable {
  private final NeuronwatchServer server;

  private TrainedServer(NeuronwatchServer server) {
    this.server = server;
  }

  static TrainedServer start() {
    return start(ServerConfig.builder());
  }

  static TrainedServer start(ServerConfig.Builder config) {
    NeuronwatchServer server =
        NeuronwatchServer.create(
            config.host("127.0.0.1").port(0).shutdownTimeout(Duration.ZERO).build());
    server.start();
    return new TrainedServer(server);
  }

  URI uri() {
    return server.uri();
  }

  /** Trains {@code scenario} to the end with the agent attached, as {@code ./neuronwatch train}. */
  void train(String run, Scenario scenario) {
    train(run, scenario.config());
  }

  void train(String run, TrainingConfig training) {
    AgentConfig config =
        AgentConfig.builder().run(run).serverUri(server.uri()).sampleEvery(10).build();
    try (NeuronwatchAgent agent = NeuronwatchAgent.start(config)) {
      Trainer.train(training, agent, null);
      agent.finish();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
