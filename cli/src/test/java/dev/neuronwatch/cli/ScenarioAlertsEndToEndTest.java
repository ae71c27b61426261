package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuronwatch.agent.AgentConfig;
import dev.neuronwatch.agent.AgentStatus;
import dev.neuronwatch.agent.NeuronwatchAgent;
import dev.neuronwatch.protocol.Alert;
import dev.neuronwatch.protocol.AlertState;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.NeuronwatchServer;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.trainer.Trainer;
import dev.neuronwatch.trainer.scenario.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path over real HTTP on loopback: the reference network trains each scenario with the
 * agent attached, the agent pushes to a real server, and the alerts come out of the server's rules,
 * read back through {@code /api/v1/alerts} and {@code /metrics}.
 */
class ScenarioAlertsEndToEndTest {
  private static NeuronwatchServer server;
  private static URI base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startServer() {
    server = NeuronwatchServer.create(ServerConfig.builder().port(0).build()).start();
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** What a training run produced, as the server and the agent saw it. */
  private record Outcome(
      String run, List<Alert> serverAlerts, List<Alert> agentAlerts, AgentStatus agent) {

    List<String> raised() {
      List<String> names = new ArrayList<>();
      serverAlerts.stream()
          .filter(a -> a.state() != AlertState.PENDING)
          .map(Alert::name)
          .distinct()
          .forEach(names::add);
      return names;
    }
  }

  private static Outcome train(Scenario scenario) throws Exception {
    String run = "e2e-" + scenario.cliName();
    List<Alert> heard = new CopyOnWriteArrayList<>();
    NeuronwatchAgent agent =
        NeuronwatchAgent.start(
            AgentConfig.builder()
                .run(run)
                .serverUri(base)
                .sampleEvery(10)
                .flushInterval(Duration.ofMillis(100))
                .alertListener(heard::addAll)
                .build());
    try {
      Trainer.train(scenario.config(), agent, progress -> {});
      agent.finish();
    } finally {
      agent.close();
    }
    Alert[] alerts = WireJson.decode(get("/api/v1/alerts?run=" + run).body(), Alert[].class);
    return new Outcome(run, List.of(alerts), heard, agent.status());
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response;
  }

  private static Exposition metrics() throws Exception {
    return Exposition.parse(
        new String(get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void assertEveryTakenSampleWasDelivered(Outcome outcome) {
    assertThat(outcome.agent().samplesTaken()).isPositive();
    assertThat(outcome.agent().samplesDropped()).isZero();
    assertThat(outcome.agent().samplesPushed()).isEqualTo(outcome.agent().samplesTaken());
  }

  @Test
  void healthyRunRaisesNoAlert() throws Exception {
    Outcome outcome = train(Scenario.HEALTHY);

    assertThat(outcome.raised()).isEmpty();
    assertThat(outcome.agentAlerts()).isEmpty();
    assertEveryTakenSampleWasDelivered(outcome);
    Exposition metrics = metrics();
    assertThat(metrics.max("neuronwatch_layer_dead_units_ratio", "run", outcome.run()))
        .hasValueSatisfying(v -> assertThat(v).isLessThan(0.5));
    assertThat(metrics.find("neuronwatch_alerts", "run", outcome.run())).isEmpty();
  }

  @Test
  void dyingReluRunRaisesDyingReluWithDeadUnitsInMetrics() throws Exception {
    Outcome outcome = train(Scenario.DYING_RELU);

    assertThat(outcome.raised()).contains("NeuronwatchDyingRelu");
    assertThat(outcome.agentAlerts()).extracting(Alert::name).contains("NeuronwatchDyingRelu");
    assertEveryTakenSampleWasDelivered(outcome);
    Alert alert = firstNamed(outcome, "NeuronwatchDyingRelu");
    assertThat(alert.value()).isGreaterThan(0.5);
    assertThat(
            metrics()
                .max(
                    "neuronwatch_layer_dead_units_ratio",
                    "run",
                    outcome.run(),
                    "layer",
                    alert.layer()))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(0.5));
  }

  @Test
  void vanishingGradientRunRaisesVanishingGradientWithTinyDepthRatio() throws Exception {
    Outcome outcome = train(Scenario.VANISHING_GRADIENTS);

    assertThat(outcome.raised()).contains("NeuronwatchVanishingGradient");
    assertEveryTakenSampleWasDelivered(outcome);
    Alert alert = firstNamed(outcome, "NeuronwatchVanishingGradient");
    assertThat(
            metrics()
                .max(
                    "neuronwatch_layer_gradient_depth_ratio",
                    "run",
                    outcome.run(),
                    "layer",
                    alert.layer()))
        .hasValueSatisfying(v -> assertThat(v).isLessThan(1e-3));
  }

  @Test
  void explodingGradientRunRaisesExplodingGradient() throws Exception {
    Outcome outcome = train(Scenario.EXPLODING_GRADIENTS);

    assertThat(outcome.raised()).contains("NeuronwatchExplodingGradient");
    assertEveryTakenSampleWasDelivered(outcome);
    Alert alert = firstNamed(outcome, "NeuronwatchExplodingGradient");
    assertThat(alert.value()).isGreaterThan(100);
    // The run diverges: after the growth, the values overflow and the non-finite alert follows.
    assertThat(outcome.raised()).contains("NeuronwatchNonFiniteValues");
    assertThat(metrics().find("neuronwatch_layer_nonfinite_values_total", "run", outcome.run()))
        .extracting(Exposition.Sample::value)
        .anySatisfy(v -> assertThat(v).isPositive());
  }

  @Test
  void saturationRunRaisesSaturatedActivations() throws Exception {
    Outcome outcome = train(Scenario.SATURATION);

    assertThat(outcome.raised()).contains("NeuronwatchSaturatedActivations");
    assertEveryTakenSampleWasDelivered(outcome);
    Alert alert = firstNamed(outcome, "NeuronwatchSaturatedActivations");
    assertThat(
            metrics()
                .max(
                    "neuronwatch_layer_saturation_ratio",
                    "run",
                    outcome.run(),
                    "layer",
                    alert.layer()))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThan(0.5));
  }

  private static Alert firstNamed(Outcome outcome, String name) {
    return outcome.serverAlerts().stream()
        .filter(a -> a.name().equals(name) && a.state() != AlertState.PENDING)
        .findFirst()
        .orElseThrow();
  }
}
