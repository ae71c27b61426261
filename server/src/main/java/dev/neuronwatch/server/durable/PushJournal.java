package dev.neuronwatch.server.durable;

import dev.neuronwatch.model.PushRequest;
import dev.neuronwatch.model.WireFormatException;
import dev.neuronwatch.model.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's durable state: every accepted push of every live run, in order, in one SQLite
 * database under the data directory ({@value #FILE_NAME}). A push is written, and committed, before
 * it is answered, so an acknowledged push survives a crash of the process (kill -9): the database
 * runs in WAL mode with {@code synchronous=NORMAL}, which loses no committed transaction when the
 * process dies (only a power loss or an operating-system crash may lose the last ones). A run's
 * pushes leave the journal when the run is deleted or evicted. At start-up the server replays the
 * journal through its ingest path, which rebuilds runs, last steps, attempts, agent counters,
 * alert states and history, rule baselines and the history of each run's samples exactly as they
 * were, since all of them follow from the pushes.
 *
 * <p>The schema carries a version ({@value #SCHEMA_VERSION}) in table {@code meta}; a database
 * written by a newer server is refused at start-up rather than misread, and an older one is
 * migrated in {@link #migrate}.
 *
 * <pre>{@code
 * try (PushJournal journal = PushJournal.open(Path.of("neuronwatch-data"))) {
 *   journal.replay((push, receivedAt) -> pipeline.replay(push, receivedAt));
 *   journal.append(push, Instant.now());
 * }
 * }</pre>
 */
public final class PushJournal implements AutoCloseable {
  /** The database file's name in the data directory. */
  public static final String FILE_NAME = "neuronwatch.db";

  /** The schema this server writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(PushJournal.class);

  /** What replay hands over: one journaled push and when it was received. */
  @FunctionalInterface
  public interface Replay {
    void push(PushRequest push, Instant receivedAt);
  }

  private final Path file;
  private final Connection db;
  private final PreparedStatement insert;
  private final PreparedStatement forget;

  private PushJournal(Path file, Connection db) throws SQLException {
    this.file = file;
    this.db = db;
    this.insert = db.prepareStatement("INSERT INTO pushes(run, received_at, body) VALUES (?, ?, ?)");
    this.forget = db.prepareStatement("DELETE FROM pushes WHERE run = ?");
  }

  /**
   * Opens (creating it if needed) the journal in {@code dataDir}.
   *
   * @throws IllegalStateException naming the file when it cannot be opened or was written by a
   *     newer server
   */
  public static PushJournal open(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
      migrate(db, file);
      return new PushJournal(file, db);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the data directory " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** Brings the schema to {@link #SCHEMA_VERSION}. */
  static void migrate(Connection db, Path file) throws SQLException {
    int version = version(db);
    if (version > SCHEMA_VERSION) {
      throw new IllegalStateException(
          file + " has schema version " + version + ", written by a newer server; this server"
              + " reads up to version " + SCHEMA_VERSION);
    }
    if (version < 1) {
      try (Statement s = db.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS pushes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " run TEXT NOT NULL, received_at INTEGER NOT NULL, body BLOB NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS pushes_run ON pushes(run)");
        s.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '"
                + SCHEMA_VERSION + "')");
      }
    }
  }

  private static int version(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      return rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
    }
  }

  /** The schema version of the open database. */
  public int schemaVersion() {
    try {
      return version(db);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code push} and commits before returning.
   *
   * @throws UncheckedIOException when the write fails (disk full, file gone): the push must not be
   *     acknowledged
   */
  public void append(PushRequest push, Instant receivedAt) {
    append(push, null, receivedAt);
  }

  /**
   * As {@link #append(PushRequest, Instant)}, writing {@code body}, the JSON {@code push} was
   * decoded from (null: encode the push).
   */
  public synchronized void append(PushRequest push, byte[] body, Instant receivedAt) {
    try {
      insert.setString(1, push.run());
      insert.setLong(2, receivedAt.toEpochMilli());
      insert.setBytes(3, body != null ? body : WireJson.encode(push));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot write to " + file, e));
    }
  }

  /** Drops every push of {@code run}: the run was deleted or evicted. */
  public synchronized void forget(String run) {
    try {
      forget.setString(1, run);
      forget.executeUpdate();
    } catch (SQLException e) {
      LOG.error("cannot drop the pushes of run {} from {}", run, file, e);
    }
  }

  /**
   * Hands every journaled push to {@code replay}, in the order they were accepted.
   *
   * @return the number of pushes replayed
   */
  public synchronized long replay(Replay replay) {
    long count = 0;
    try (Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("SELECT received_at, body FROM pushes ORDER BY id")) {
      while (rows.next()) {
        Instant at = Instant.ofEpochMilli(rows.getLong(1));
        PushRequest push;
        try {
          push = WireJson.decode(rows.getBytes(2), PushRequest.class);
        } catch (WireFormatException e) {
          LOG.error("skipping an unreadable push in {}: {}", file, e.getMessage());
          continue;
        }
        replay.push(push, at);
        count++;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal " + file + ": " + e.getMessage(), e);
    }
    return count;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      insert.close();
      forget.close();
      db.close();
    } catch (SQLException e) {
      LOG.warn("closing the journal {} failed", file, e);
    }
  }
}
