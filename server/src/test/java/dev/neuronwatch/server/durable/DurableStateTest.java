package dev.neuronwatch.server.durable;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.AgentCounters;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a data directory, what the server held comes back after a restart, exactly. */
class DurableStateTest {
  @TempDir Path dataDir;

  /** A layer with NaN outputs: NeuronwatchNonFiniteValues fires at the first sample. */
  private static LayerSample broken() {
    return layer("dense_0", 0, ActivationKind.RELU)
        .output(new TensorSummary(60, 0.1, 0.1, -1, 1, 0.1, 4, 0))
        .gradient(0.5)
        .build();
  }

  private static LayerSample healthy() {
    return layer("dense_0", 0, ActivationKind.RELU).gradient(0.5).build();
  }

  private ServerConfig.Builder durable() {
    return ServerConfig.builder().dataDir(dataDir);
  }

  @Test
  void runsAlertsAndHistorySurviveARestart() {
    JsonNode runsBefore;
    JsonNode alertsBefore;
    JsonNode seriesBefore;
    try (TestServer server = TestServer.start(durable())) {
      server.push(
          push("kept", new AgentCounters(3, 3, 0, 0), step(1, broken()), step(2, broken())));
      server.push(push("kept", step(3, healthy())));
      server.push(push("gone", step(1, healthy())));
      assertThat(server.call("DELETE", "/api/v1/runs/gone").statusCode()).isEqualTo(204);
      runsBefore = server.json("/api/v1/runs");
      alertsBefore = server.json("/api/v1/alerts");
      seriesBefore = server.json("/api/v1/runs/kept/series?metric=gradient_weight_norm");
    }

    try (TestServer restarted = TestServer.start(durable())) {
      assertThat(restarted.json("/api/v1/runs")).isEqualTo(runsBefore);
      assertThat(restarted.json("/api/v1/alerts")).isEqualTo(alertsBefore);
      assertThat(restarted.json("/api/v1/runs/kept/series?metric=gradient_weight_norm"))
          .isEqualTo(seriesBefore);
      assertThat(runsBefore).hasSize(1);
      assertThat(alertsBefore.toString()).contains("NeuronwatchNonFiniteValues");

      // The run goes on where it was: step 4 is new, step 3 a duplicate.
      JsonNode answer =
          TestServer.json(restarted.push(push("kept", step(3, healthy()), step(4, healthy()))));
      assertThat(answer.get("accepted").asInt()).isEqualTo(1);
      assertThat(answer.get("duplicates").asInt()).isEqualTo(1);
    }
  }

  @Test
  void theJournalCarriesItsSchemaVersionAndANewerOneIsRefused() throws Exception {
    try (PushJournal journal = PushJournal.open(dataDir)) {
      assertThat(journal.schemaVersion()).isEqualTo(PushJournal.SCHEMA_VERSION);
    }
    try (var db =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(PushJournal.FILE_NAME));
        var s = db.createStatement()) {
      s.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> PushJournal.open(dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer server");
  }
}
