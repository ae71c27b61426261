package dev.neuronwatch.server.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's one writer thread, with group commit: the pushes that arrive while a transaction
 * commits wait in a queue and go into the next one together, so many agents share one commit and
 * throughput stays near the in-memory figure, while each push still returns only once its own
 * transaction has committed. Writes and drops go through the same queue, in order.
 *
 * <pre>{@code
 * JournalWriter writer = new JournalWriter(db, file, new JournalRetention(1000));
 * writer.append("run-1", receivedAtMillis, body); // returns once committed
 * writer.close();
 * }</pre>
 */
final class JournalWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
  private static final int MAX_BATCH = 512;
  private static final long COMMIT_TIMEOUT_SECONDS = 30;

  private sealed interface Task permits Append, Forget, Stop {}

  private record Append(String run, long receivedAt, byte[] body, CompletableFuture<Void> done)
      implements Task {}

  private record Forget(String run) implements Task {}

  private record Stop() implements Task {}

  private final Connection db;
  private final Path file;
  private final JournalRetention retention;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final PreparedStatement insert;
  private final PreparedStatement dropOne;
  private final PreparedStatement forget;
  private final Thread thread;
  private volatile boolean closed;

  JournalWriter(Connection db, Path file, JournalRetention retention) throws SQLException {
    this.db = db;
    this.file = file;
    this.retention = retention;
    this.insert =
        db.prepareStatement("INSERT INTO pushes(run, seq, received_at, body) VALUES (?, ?, ?, ?)");
    this.dropOne = db.prepareStatement("DELETE FROM pushes WHERE run = ? AND seq = ?");
    this.forget = db.prepareStatement("DELETE FROM pushes WHERE run = ?");
    loadLastSeq();
    this.thread = new Thread(this::run, "neuronwatch-journal-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues one push and waits until the transaction holding it has committed.
   *
   * @throws StorageFailedException when it did not commit
   */
  void append(String run, long receivedAt, byte[] body) {
    if (closed) {
      throw new StorageFailedException("the journal " + file + " is closed", null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Append(run, receivedAt, body, done));
    try {
      done.get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new StorageFailedException("no commit to " + file + " within the timeout", e);
    } catch (ExecutionException e) {
      throw new StorageFailedException("cannot write to " + file, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageFailedException("interrupted waiting for " + file, e);
    }
  }

  /** Queues the drop of every push of {@code run}; later appends of the run start afresh. */
  void forget(String run) {
    if (!closed) {
      queue.add(new Forget(run));
    }
  }

  private void run() {
    List<Task> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      stop = batch.stream().anyMatch(Stop.class::isInstance);
      commit(batch);
      batch.clear();
    }
    // Whatever was queued behind the stop is refused rather than left waiting.
    queue.drainTo(batch);
    SQLException closedNow = new SQLException("the journal is closed");
    batch.forEach(task -> done(task, closedNow));
  }

  private void commit(List<Task> batch) {
    synchronized (db) {
      try {
        db.setAutoCommit(false);
        for (Task task : batch) {
          if (task instanceof Append append) {
            write(append);
          } else if (task instanceof Forget f) {
            forget.setString(1, f.run());
            forget.executeUpdate();
            lastSeq.remove(f.run());
          }
        }
        db.commit();
        batch.forEach(task -> done(task, null));
      } catch (SQLException | RuntimeException e) {
        LOG.error("cannot commit {} journal writes to {}: {}", batch.size(), file, e.getMessage());
        rollback();
        batch.forEach(task -> done(task, e));
      }
    }
  }

  private void write(Append append) throws SQLException {
    long seq = lastSeq.getOrDefault(append.run(), 0L) + 1;
    insert.setString(1, append.run());
    insert.setLong(2, seq);
    insert.setLong(3, append.receivedAt());
    insert.setBytes(4, append.body());
    insert.executeUpdate();
    lastSeq.put(append.run(), seq);
    long out = retention.dropFor(seq);
    if (out > 0) {
      dropOne.setString(1, append.run());
      dropOne.setLong(2, out);
      dropOne.executeUpdate();
    }
  }

  private static void done(Task task, Throwable failure) {
    if (task instanceof Append append) {
      if (failure == null) {
        append.done().complete(null);
      } else {
        append.done().completeExceptionally(failure);
      }
    }
  }

  private void rollback() {
    try {
      db.rollback();
      // The ordinals handed out in the failed transaction were never written.
      loadLastSeq();
    } catch (SQLException e) {
      LOG.error("cannot roll back the journal {}", file, e);
    }
  }

  private void loadLastSeq() throws SQLException {
    lastSeq.clear();
    try (Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("SELECT run, MAX(seq) FROM pushes GROUP BY run")) {
      while (rows.next()) {
        lastSeq.put(rows.getString(1), rows.getLong(2));
      }
    }
  }

  /** Commits what is queued, then stops the thread. */
  @Override
  public void close() {
    closed = true;
    queue.add(new Stop());
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (db) {
      try {
        insert.close();
        dropOne.close();
        forget.close();
      } catch (SQLException e) {
        LOG.warn("closing the journal {} failed", file, e);
      }
    }
  }
}
