package dev.neuronwatch.server.durable;

import static dev.neuronwatch.server.testing.Samples.layer;
import static dev.neuronwatch.server.testing.Samples.push;
import static dev.neuronwatch.server.testing.Samples.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuronwatch.protocol.ActivationKind;
import dev.neuronwatch.protocol.LayerSample;
import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.TensorSummary;
import dev.neuronwatch.protocol.WireJson;
import dev.neuronwatch.server.ServerConfig;
import dev.neuronwatch.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal commits before applying, keeps a bounded part of each run, and migrates. */
class JournalBoundsTest {
  @TempDir Path dataDir;

  private static LayerSample broken() {
    return layer("dense_0", 0, ActivationKind.RELU)
        .output(new TensorSummary(60, 0.1, 0.1, -1, 1, 0.1, 4, 0))
        .gradient(0.5)
        .build();
  }

  private static LayerSample healthy() {
    return layer("dense_0", 0, ActivationKind.RELU).gradient(0.5).build();
  }

  private Connection database() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(PushJournal.FILE_NAME));
  }

  private long rows(String run) throws Exception {
    try (Connection db = database();
        PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM pushes WHERE run = ?")) {
      q.setString(1, run);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void aPushTheJournalCannotCommitIs503StorageFailedAndAppliesNothing() throws Exception {
    try (TestServer server = TestServer.start(ServerConfig.builder().dataDir(dataDir))) {
      assertThat(server.push(push("held", step(1, healthy()))).statusCode()).isEqualTo(200);
      try (Connection other = database();
          Statement s = other.createStatement()) {
        // Another writer holds the database's write lock: the journal's commit cannot happen.
        s.execute("BEGIN IMMEDIATE");
        HttpResponse<String> refused = server.push(push("held", step(2, healthy())));
        HttpResponse<String> newRun = server.push(push("new", step(1, healthy())));
        s.execute("ROLLBACK");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("could not store the push");
        assertThat(newRun.statusCode()).isEqualTo(503);
      }
      assertThat(
              server
                  .scrape()
                  .value("neuronwatch_ingest_rejected_total{reason=\"storage_failed\"}")
                  .orElseThrow())
          .isEqualTo(2.0);
      JsonNode runs = server.json("/api/v1/runs");
      assertThat(runs).hasSize(1);
      assertThat(runs.toString()).contains("\"held\"").doesNotContain("\"new\"");
      assertThat(runs.get(0).get("lastStep").asLong()).isEqualTo(1);

      // Once the lock is gone the same push goes in as new.
      JsonNode retried = TestServer.json(server.push(push("held", step(2, healthy()))));
      assertThat(retried.get("accepted").asInt()).isEqualTo(1);
    }
    assertThat(rows("held")).isEqualTo(2);
    assertThat(rows("new")).isZero();
  }

  @Test
  void theJournalKeepsTheFirstAndLatestPushesOfARunAndARestartKeepsItsAlerts() throws Exception {
    int pushes = JournalRetention.FIRST + PushJournal.DEFAULT_KEPT_LATEST + 200;
    JsonNode alertsBefore;
    JsonNode runBefore;
    try (TestServer server =
        TestServer.start(ServerConfig.builder().dataDir(dataDir).rateLimit(0))) {
      server.push(push("long", step(1, broken())));
      for (int i = 2; i <= pushes; i++) {
        server.push(push("long", step(i, healthy())));
      }
      alertsBefore = server.json("/api/v1/alerts");
      runBefore = server.json("/api/v1/runs").get(0);
    }
    assertThat(rows("long")).isEqualTo(JournalRetention.FIRST + PushJournal.DEFAULT_KEPT_LATEST);
    try (Connection db = database();
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT MIN(seq), MAX(seq) FROM pushes")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(1);
      assertThat(r.getLong(2)).isEqualTo(pushes);
    }

    try (TestServer restarted = TestServer.start(ServerConfig.builder().dataDir(dataDir))) {
      assertThat(restarted.json("/api/v1/alerts")).isEqualTo(alertsBefore);
      assertThat(alertsBefore.toString()).contains("NeuronwatchNonFiniteValues");
      JsonNode run = restarted.json("/api/v1/runs").get(0);
      assertThat(run.get("lastStep")).isEqualTo(runBefore.get("lastStep"));
      assertThat(run.get("attempt")).isEqualTo(runBefore.get("attempt"));
    }
  }

  @Test
  void aRerunAttemptSurvivesARestart() {
    JsonNode before;
    try (TestServer server = TestServer.start(ServerConfig.builder().dataDir(dataDir))) {
      server.push(
          new PushRequest(
              "rerun", List.of(step(1, healthy()), step(2, healthy())), null, false, "first"));
      JsonNode answer =
          TestServer.json(
              server.push(
                  new PushRequest("rerun", List.of(step(1, healthy())), null, false, "second")));
      assertThat(answer.get("newAttempt").asBoolean()).isTrue();
      before = server.json("/api/v1/runs").get(0);
      assertThat(before.get("attempt").asInt()).isEqualTo(2);
    }
    try (TestServer restarted = TestServer.start(ServerConfig.builder().dataDir(dataDir))) {
      assertThat(restarted.json("/api/v1/runs").get(0)).isEqualTo(before);
      JsonNode answer =
          TestServer.json(
              restarted.push(
                  new PushRequest("rerun", List.of(step(2, healthy())), null, false, "second")));
      assertThat(answer.get("accepted").asInt()).isEqualTo(1);
      assertThat(answer.get("newAttempt").asBoolean()).isFalse();
    }
  }

  @Test
  void aVersionOneFileIsMigratedNumberedAndTrimmed() throws Exception {
    List<PushRequest> written = new ArrayList<>();
    try (Connection db = database();
        Statement s = db.createStatement()) {
      // Version 1 exactly as the first durable server created it.
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      s.execute(
          "CREATE TABLE pushes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " run TEXT NOT NULL, received_at INTEGER NOT NULL, body BLOB NOT NULL)");
      s.execute("CREATE INDEX pushes_run ON pushes(run)");
      s.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')");
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO pushes(run, received_at, body) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 30; i++) {
          for (String run : List.of("a", "b")) {
            PushRequest p = push(run, step(i, i == 1 ? broken() : healthy()));
            written.add(p);
            insert.setString(1, run);
            insert.setLong(2, TestServer.NOW.toEpochMilli());
            insert.setBytes(3, WireJson.encode(p));
            insert.executeUpdate();
          }
        }
      }
    }

    try (PushJournal journal = PushJournal.open(dataDir, 10)) {
      assertThat(journal.schemaVersion()).isEqualTo(2);
      List<PushRequest> replayed = new ArrayList<>();
      journal.replay((p, at) -> replayed.add(p));
      // Per run: pushes 1..16 and 21..30.
      assertThat(replayed).hasSize(2 * (JournalRetention.FIRST + 10));
      assertThat(replayed.get(0)).isEqualTo(written.get(0));
      assertThat(replayed.get(replayed.size() - 1)).isEqualTo(written.get(written.size() - 1));
    }
    assertThat(rows("a")).isEqualTo(JournalRetention.FIRST + 10);
    try (Connection db = database();
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT seq FROM pushes WHERE run = 'b' ORDER BY id")) {
      List<Long> seqs = new ArrayList<>();
      while (r.next()) {
        seqs.add(r.getLong(1));
      }
      assertThat(seqs).startsWith(1L, 2L).contains(16L, 21L, 30L).doesNotContain(17L, 20L);
    }

    try (TestServer server = TestServer.start(ServerConfig.builder().dataDir(dataDir))) {
      JsonNode runs = server.json("/api/v1/runs");
      assertThat(runs).hasSize(2);
      assertThat(runs.get(0).get("lastStep").asLong()).isEqualTo(30);
      assertThat(server.json("/api/v1/alerts").toString()).contains("NeuronwatchNonFiniteValues");
    }
  }
}
