package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A training run against a server that requires a write token, with and without it. */
class AuthenticatedTrainingTest {
  private NeuronwatchServer server;
  private URI base;

  @BeforeEach
  void startServer() {
    server =
        NeuronwatchServer.create(ServerConfig.builder().port(0).writeToken("t0ken-42").build())
            .start();
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private TrainingReport train(String token) {
    StringWriter out = new StringWriter();
    AgentConfig agent =
        AgentConfig.builder().run("auth-run").serverUri(base).sampleEvery(10).build();
    return new TrainingSession(new PrintWriter(out, true), agent, false, token)
        .run("auth-run", "healthy", Scenario.HEALTHY.config().toBuilder().steps(100).build());
  }

  @Test
  void pushesWithTheWriteToken() {
    TrainingReport summary = train("t0ken-42");

    // The opening burst (steps 1-20), then every 10th step up to 100.
    assertThat(summary.agent().samplesTaken()).isEqualTo(28);
    assertThat(summary.agent().samplesPushed()).isEqualTo(28);
  }

  @Test
  void withoutTheTokenTheTrainingFinishesAndTheRefusedSamplesAreCounted() {
    TrainingReport summary = train(null);

    assertThat(summary.steps()).isEqualTo(100);
    assertThat(summary.agent().samplesPushed()).isZero();
    assertThat(summary.agent().samplesDropped()).isEqualTo(summary.agent().samplesTaken());
    assertThat(summary.agent().refusedStatus()).isEqualTo(401);
    assertThat(summary.deliveryProblem())
        .contains("NOTHING DELIVERED")
        .contains("401")
        .contains("token")
        .contains("NEURONWATCH_WRITE_TOKEN");
  }

  @Test
  void trainWithAWrongTokenSaysNothingReachesTheServerAndExitsNonZero() {
    StringWriter out = new StringWriter();
    int status =
        NeuronwatchCli.run(
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "train",
            "--steps",
            "40",
            "--server",
            base.toString(),
            "--token-env",
            "NO_SUCH_ENV_9");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .contains("NOTHING DELIVERED: the server refused all 22 samples (401")
        .contains("token");
  }
}
