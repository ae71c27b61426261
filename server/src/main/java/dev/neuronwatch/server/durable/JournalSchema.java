package dev.neuronwatch.server.durable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The journal's tables and their versions. Version 1 held every push of a run in table {@code
 * pushes(id, run, received_at, body)}; version 2 adds {@code seq}, the push's ordinal within its
 * run, unique per run, which is what retention keys on. Migration from 1 numbers the existing
 * pushes in the order they were accepted and applies the retention bound in the same transaction.
 */
final class JournalSchema {
  /** The schema this server writes. */
  static final int VERSION = 2;

  private JournalSchema() {}

  /** Brings the database to {@link #VERSION}, refusing one written by a newer server. */
  static void migrate(Connection db, Path file, JournalRetention retention) throws SQLException {
    int version = version(db);
    if (version > VERSION) {
      throw new IllegalStateException(
          file
              + " has schema version "
              + version
              + ", written by a newer server; this server"
              + " reads up to version "
              + VERSION);
    }
    if (version == VERSION) {
      return;
    }
    boolean autoCommit = db.getAutoCommit();
    db.setAutoCommit(false);
    try (Statement s = db.createStatement()) {
      if (version < 1) {
        s.execute(
            "CREATE TABLE pushes(id INTEGER PRIMARY KEY AUTOINCREMENT, run TEXT NOT NULL,"
                + " seq INTEGER NOT NULL, received_at INTEGER NOT NULL, body BLOB NOT NULL)");
      } else {
        s.execute("ALTER TABLE pushes ADD COLUMN seq INTEGER NOT NULL DEFAULT 0");
        s.execute(
            "UPDATE pushes SET seq = numbered.n FROM (SELECT id,"
                + " ROW_NUMBER() OVER (PARTITION BY run ORDER BY id) AS n FROM pushes) AS numbered"
                + " WHERE pushes.id = numbered.id");
        s.execute("DROP INDEX IF EXISTS pushes_run");
      }
      s.execute("CREATE UNIQUE INDEX pushes_run_seq ON pushes(run, seq)");
      retention.trimAll(db);
      s.execute(
          "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '" + VERSION + "')");
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(autoCommit);
    }
  }

  static int version(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rows = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      return rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
    }
  }
}
