package dev.neuronwatch.server.durable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How much of a run the journal keeps: its first {@value #FIRST} pushes, which carry what the rules
 * take as the run's baseline, and its latest {@code latest} pushes, which carry the run's current
 * state (last step, agent counters, recent gradient history). The pushes in between are dropped as
 * new ones arrive, so the file is bounded by the number of live runs times a constant (at most
 * {@code FIRST + latest} pushes a run).
 *
 * <pre>{@code
 * JournalRetention retention = new JournalRetention(1000);
 * long dropped = retention.dropFor(seq); // the push that leaves when push seq arrives, or 0
 * }</pre>
 */
record JournalRetention(int latest) {
  /** The first pushes of a run, always kept. */
  static final int FIRST = 16;

  /** The latest pushes of a run kept by default. */
  static final int DEFAULT_LATEST = 1000;

  JournalRetention {
    if (latest < 1) {
      throw new IllegalArgumentException("latest must be at least 1, was " + latest);
    }
  }

  /** The ordinal of the push that leaves when push {@code seq} arrives, or 0 when none does. */
  long dropFor(long seq) {
    long out = seq - latest;
    return out > FIRST ? out : 0;
  }

  /** Drops from every run what the bound no longer keeps (after a migration or a smaller bound). */
  void trimAll(Connection db) throws SQLException {
    try (PreparedStatement trim =
        db.prepareStatement(
            "DELETE FROM pushes WHERE seq > ? AND seq <= (SELECT MAX(seq) FROM pushes AS p"
                + " WHERE p.run = pushes.run) - ?")) {
      trim.setInt(1, FIRST);
      trim.setInt(2, latest);
      trim.executeUpdate();
    }
  }
}
