package dev.neuronwatch.server.http;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestClock;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Runs end by idling past the TTL or by deletion: series leave /metrics, alerts resolve. */
class RunEndTest {

  /** A layer with NaN outputs: NeuronwatchNonFiniteValues fires at the first sample. */
  private static LayerSample broken() {
    return layer("dense_0", 0, ActivationKind.RELU)
        .output(new TensorSummary(60, 0.1, 0.1, -1, 1, 0.1, 4, 0))
        .gradient(0.5)
        .build();
  }

  private static PushRequest firing(String run) {
    LayerSample output = layer("out", 1, ActivationKind.SIGMOID).gradient(1).build();
    return push(run, step(1, broken(), output));
  }

  private static List<String> runNames(TestServer server) {
    List<String> names = new ArrayList<>();
    server.json("/api/v1/runs").forEach(run -> names.add(run.get("run").asText()));
    return names;
  }

  private static List<String> seriesOf(TestServer server, String run) {
    return server
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.contains("run=\"" + run + "\""))
        .toList();
  }

  /** Polls: the sweeper runs on its own thread. Not a timing assertion, just a bounded wait. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  private static void assertEndedWithItsAlertResolved(TestServer server, String run, String why) {
    assertThat(seriesOf(server, run)).isEmpty();
    JsonNode alerts = server.json("/api/v1/alerts?run=" + run);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("name").asText()).isEqualTo("NeuronwatchNonFiniteValues");
    assertThat(alerts.get(0).get("state").asText()).isEqualTo("resolved");
    assertThat(alerts.get(0).get("summary").asText()).contains(why);
  }

  @Test
  void aFinishedRunIdleLongerThanTheTtlIsEvictedWithItsSeriesAndItsAlertsResolved()
      throws Exception {
    TestClock clock = new TestClock(TestServer.NOW);
    ServerConfig.Builder config =
        ServerConfig.builder().runTtl(Duration.ofMinutes(10)).sweepInterval(Duration.ofMillis(20));
    try (TestServer server = TestServer.start(config, clock)) {
      assertThat(server.push(finished(firing("stale"))).statusCode()).isEqualTo(200);
      assertThat(server.json("/api/v1/alerts?state=firing")).hasSize(1);
      clock.advance(Duration.ofMinutes(5));
      assertThat(server.push(finished(firing("fresh"))).statusCode()).isEqualTo(200);
      assertThat(seriesOf(server, "stale")).isNotEmpty();

      clock.advance(Duration.ofMinutes(6));
      awaitTrue(() -> runNames(server).equals(List.of("fresh")));

      assertEndedWithItsAlertResolved(server, "stale", "evicted");
      assertThat(server.scrape().value("neuronwatch_runs")).contains(1.0);
      assertThat(seriesOf(server, "fresh")).isNotEmpty();
      assertThat(server.json("/api/v1/alerts?run=fresh&state=firing")).hasSize(1);

      // The same name pushed again starts a new run from scratch.
      HttpResponse<String> again = server.push(push("stale", step(1, broken())));
      assertThat(TestServer.json(again).get("accepted").asInt()).isEqualTo(1);
      assertThat(server.scrape().value("neuronwatch_run_samples_total{run=\"stale\"}"))
          .contains(1.0);
    }
  }

  /**
   * A crashed job: its run never finished and went silent. It shows as stopped and keeps its series
   * (so Prometheus' NeuronwatchAgentStopped stays firing) well past the TTL of finished runs, and
   * is evicted only after the much longer stopped-run TTL.
   */
  @Test
  void anUnfinishedSilentRunIsStoppedAndKeptUntilTheStoppedRunTtl() throws Exception {
    TestClock clock = new TestClock(TestServer.NOW);
    ServerConfig.Builder config =
        ServerConfig.builder()
            .runTtl(Duration.ofMinutes(10))
            .stoppedRunTtl(Duration.ofHours(24))
            .sweepInterval(Duration.ofMillis(20));
    try (TestServer server = TestServer.start(config, clock)) {
      assertThat(server.push(firing("crashed")).statusCode()).isEqualTo(200);
      assertThat(server.json("/api/v1/runs").get(0).get("state").asText()).isEqualTo("running");

      clock.advance(Duration.ofMinutes(3));
      assertThat(server.json("/api/v1/runs").get(0).get("state").asText()).isEqualTo("stopped");
      clock.advance(Duration.ofHours(2));
      Thread.sleep(100); // several sweeps
      assertThat(runNames(server)).containsExactly("crashed");
      assertThat(server.scrape().value("neuronwatch_run_finished{run=\"crashed\"}")).contains(0.0);

      clock.advance(Duration.ofHours(23));
      awaitTrue(() -> runNames(server).isEmpty());
      assertEndedWithItsAlertResolved(server, "crashed", "evicted");
    }
  }

  private static PushRequest finished(PushRequest push) {
    return new PushRequest(push.run(), push.samples(), push.agent(), true);
  }

  @Test
  void deletingARunEndsItAtOnceAndAnUnknownRunIs404() {
    try (TestServer server = TestServer.start()) {
      server.push(firing("doomed"));
      server.push(firing("kept"));
      server.push(firing("team/run-7"));

      HttpResponse<String> deleted = server.call("DELETE", "/api/v1/runs/doomed");

      assertThat(deleted.statusCode()).isEqualTo(204);
      assertThat(runNames(server)).containsExactly("kept", "team/run-7");
      assertEndedWithItsAlertResolved(server, "doomed", "run deleted");
      assertThat(server.scrape().family("neuronwatch_alerts")).hasSize(2);

      HttpResponse<String> again = server.call("DELETE", "/api/v1/runs/doomed");
      assertThat(again.statusCode()).isEqualTo(404);
      assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode error = TestServer.json(again);
      assertThat(error.get("error").asText()).isEqualTo("no run named 'doomed'");
      assertThat(error.get("field").asText()).isEqualTo("run");

      // Run names may hold slashes.
      assertThat(server.call("DELETE", "/api/v1/runs/team/run-7").statusCode()).isEqualTo(204);
      assertThat(runNames(server)).containsExactly("kept");
    }
  }
}
