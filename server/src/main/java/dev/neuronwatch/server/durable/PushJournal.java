package dev.neuronwatch.server.durable;

import dev.neuronwatch.protocol.PushRequest;
import dev.neuronwatch.protocol.WireFormatException;
import dev.neuronwatch.protocol.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's durable state: the accepted pushes of every live run, in order, in one SQLite
 * database under the data directory ({@value #FILE_NAME}). A push is written and committed before
 * it is applied and answered, so an acknowledged push survives a crash of the process (kill -9),
 * and a push the journal cannot take is refused (503, {@code storage_failed}) with nothing applied.
 * The database runs in WAL mode with {@code synchronous=NORMAL}, which loses no committed
 * transaction when the process dies (only a power loss or an operating-system crash may lose the
 * last ones). One writer thread commits concurrent pushes together ({@link JournalWriter}); another
 * thread, on its own connection, copies the write-ahead log back into the database every second
 * ({@link JournalCheckpointer}), so that no commit waits for a checkpoint.
 *
 * <p>Retention is bounded ({@link JournalRetention}): per run the first 16 pushes and the latest
 * {@code latest} (1000 by default). A run's pushes leave the journal when the run is deleted or
 * evicted. At start-up the server replays the journal through its ingest path, which rebuilds runs,
 * last steps, attempts, agent counters, alert states, rule baselines and recent history.
 *
 * <p>The schema carries a version ({@value #SCHEMA_VERSION}) in table {@code meta}; a database
 * written by a newer server is refused at start-up rather than misread, and an older one is
 * migrated ({@link JournalSchema}).
 *
 * <pre>{@code
 * try (PushJournal journal = PushJournal.open(Path.of("neuronwatch-data"))) {
 *   journal.replay((push, receivedAt) -> pipeline.replay(push, receivedAt));
 *   journal.append(push, body, Instant.now());
 * }
 * }</pre>
 */
public final class PushJournal implements AutoCloseable {
  /** The database file's name in the data directory. */
  public static final String FILE_NAME = "neuronwatch.db";

  /** The schema this server writes. */
  public static final int SCHEMA_VERSION = JournalSchema.VERSION;

  /** The latest pushes of each run kept by default, besides its first 16. */
  public static final int DEFAULT_KEPT_LATEST = JournalRetention.DEFAULT_LATEST;

  private static final Logger LOG = LoggerFactory.getLogger(PushJournal.class);

  /** What replay hands over: one journaled push and when it was received. */
  @FunctionalInterface
  public interface Replay {
    void push(PushRequest push, Instant receivedAt);
  }

  /** How often the write-ahead log is copied back into the database, off the writer's thread. */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  private final Path file;
  private final Connection db;
  private final JournalWriter writer;
  private final JournalCheckpointer checkpoints;

  private PushJournal(
      Path file, Connection db, JournalWriter writer, JournalCheckpointer checkpoints) {
    this.file = file;
    this.db = db;
    this.writer = writer;
    this.checkpoints = checkpoints;
  }

  /** Opens the journal in {@code dataDir} keeping the default retention. */
  public static PushJournal open(Path dataDir) {
    return open(dataDir, DEFAULT_KEPT_LATEST);
  }

  /**
   * Opens (creating it if needed) the journal in {@code dataDir}, keeping per run its first 16
   * pushes and its latest {@code keptLatest}.
   *
   * @throws IllegalStateException naming the file when it cannot be opened or was written by a
   *     newer server
   */
  public static PushJournal open(Path dataDir, int keptLatest) {
    Path file = dataDir.resolve(FILE_NAME);
    JournalRetention retention = new JournalRetention(keptLatest);
    try {
      Files.createDirectories(dataDir);
      Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        // A lock held elsewhere fails the batch after a second rather than stalling every push.
        s.execute("PRAGMA busy_timeout=1000");
        s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
      JournalSchema.migrate(db, file, retention);
      retention.trimAll(db);
      JournalWriter writer = new JournalWriter(db, file, retention);
      try {
        return new PushJournal(
            file, db, writer, JournalCheckpointer.start(file, db, CHECKPOINT_INTERVAL));
      } catch (SQLException e) {
        writer.close();
        throw e;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the data directory " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  /** The schema version of the open database. */
  public int schemaVersion() {
    synchronized (db) {
      try {
        return JournalSchema.version(db);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Writes {@code push} and returns once it is committed, together with the pushes that arrived
   * meanwhile.
   *
   * @throws StorageFailedException when the write fails: the push must be neither applied nor
   *     acknowledged
   */
  public void append(PushRequest push, Instant receivedAt) {
    append(push, null, receivedAt);
  }

  /**
   * As {@link #append(PushRequest, Instant)}, writing {@code body}, the JSON {@code push} was
   * decoded from (null: encode the push).
   */
  public void append(PushRequest push, byte[] body, Instant receivedAt) {
    writer.append(
        push.run(), receivedAt.toEpochMilli(), body != null ? body : WireJson.encode(push));
  }

  /** Drops every push of {@code run}: the run was deleted or evicted. */
  public void forget(String run) {
    writer.forget(run);
  }

  /**
   * Hands every journaled push to {@code replay}, run by run in the order they were accepted.
   *
   * @return the number of pushes replayed
   */
  public long replay(Replay replay) {
    long count = 0;
    synchronized (db) {
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
        throw new IllegalStateException(
            "cannot read the journal " + file + ": " + e.getMessage(), e);
      }
    }
    return count;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** The journal's checkpoints, for tests. */
  JournalCheckpointer checkpoints() {
    return checkpoints;
  }

  /** Commits what is queued, copies the log into the database, then closes it. */
  @Override
  public void close() {
    checkpoints.close();
    writer.close();
    synchronized (db) {
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        LOG.warn("the last checkpoint of the journal {} failed: {}", file, e.getMessage());
      }
      try {
        db.close();
      } catch (SQLException e) {
        LOG.warn("closing the journal {} failed", file, e);
      }
    }
  }
}
