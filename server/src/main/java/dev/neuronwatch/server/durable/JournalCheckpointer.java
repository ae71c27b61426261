package dev.neuronwatch.server.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the journal's write-ahead log back into the database on a thread and connection of its
 * own, so that no push waits for it. SQLite would otherwise run the checkpoint inside the commit
 * that crosses its threshold, stalling that commit and every push queued behind it; the writer's
 * connection has automatic checkpoints turned off ({@code wal_autocheckpoint=0}) and this one runs
 * a {@code PASSIVE} checkpoint, which never waits for the writer, every interval. The log's file is
 * cut back to {@value #WAL_SIZE_LIMIT_BYTES} bytes whenever it restarts.
 *
 * <pre>{@code
 * try (JournalCheckpointer checkpoints =
 *     JournalCheckpointer.start(file, writerConnection, Duration.ofSeconds(1))) {
 *   // the writer commits; the log is checkpointed every second
 * }
 * }</pre>
 */
final class JournalCheckpointer implements AutoCloseable {
  /** The log's file is truncated to this size when it restarts. */
  static final long WAL_SIZE_LIMIT_BYTES = 16L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(JournalCheckpointer.class);

  private final Path file;
  private final Connection db;
  private final ScheduledExecutorService thread;

  private JournalCheckpointer(Path file, Connection db, Duration interval) {
    this.file = file;
    this.db = db;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "neuronwatch-journal-checkpoint");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    thread.scheduleWithFixedDelay(this::checkpoint, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Turns off the automatic checkpoints of {@code writer}'s connection, then starts. */
  static JournalCheckpointer start(Path file, Connection writer, Duration interval)
      throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("PRAGMA journal_size_limit=" + WAL_SIZE_LIMIT_BYTES);
    }
    Connection own = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = own.createStatement()) {
      s.execute("PRAGMA busy_timeout=1000");
      s.execute("PRAGMA journal_size_limit=" + WAL_SIZE_LIMIT_BYTES);
    } catch (SQLException e) {
      own.close();
      throw e;
    }
    return new JournalCheckpointer(file, own, interval);
  }

  /** What one checkpoint found: the log's frames, and how many of them are in the database. */
  record Checkpoint(long logFrames, long copiedFrames) {}

  /**
   * One {@code PASSIVE} checkpoint: copies what it can of the log now.
   *
   * @return what it found, or empty when it failed (the next interval tries again)
   */
  Optional<Checkpoint> checkpoint() {
    try (Statement s = db.createStatement();
        ResultSet row = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      return Optional.of(new Checkpoint(row.getLong(2), row.getLong(3)));
    } catch (SQLException | RuntimeException e) {
      // The log only grows until the next one.
      LOG.warn("checkpoint of the journal {} failed: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Stops the thread and closes its connection. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      db.close();
    } catch (SQLException e) {
      LOG.warn("closing the journal's checkpoint connection to {} failed", file, e);
    }
  }
}
