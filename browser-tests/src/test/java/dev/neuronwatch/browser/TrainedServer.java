package dev.neuronwatch.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.TrainingConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * The alert of each fired and resolved event in {@code run}'s history, in order, as the series
   * endpoint answers them.
   */
  List<String> alertEvents(String run) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          server.uri().resolve("/api/v1/runs/" + run + "/series?metric=loss"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      List<String> alerts = new ArrayList<>();
      new ObjectMapper()
          .readTree(response.body())
          .get("events")
          .forEach(event -> alerts.add(event.get("alert").asText()));
      return alerts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
