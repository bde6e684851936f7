package dev.lifeline.bench.sqlite;

import dev.lifeline.sqlite.SqliteJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Benchmark databases: a fresh file migrated by {@link SqliteJobStore}, then filled in one bulk transaction
 * (setup is not what is measured). Not thread-safe.
 */
final class Fixture {

  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private Fixture() {}

  /** A new database in a new temporary directory holding {@code jobs} jobs in {@code state}. */
  static Path database(int jobs, String state) {
    try {
      Path dir = Files.createTempDirectory("lifeline-bench-");
      Path db = dir.resolve("bench.db");
      SqliteJobStore.create(db).close();
      fill(db, jobs, state);
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void fill(Path db, int jobs, String state) {
    boolean started = !state.equals("QUEUED");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.executeUpdate("BEGIN IMMEDIATE");
      try (PreparedStatement job = c.prepareStatement("INSERT INTO job (name, argv, env, priority, max_attempts,"
          + " verifiers, state, version, attempt, session, owner, created_at, started_at, updated_at)"
          + " VALUES (?, '3:run,6:--fast,', '', ?, 3, '', ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement history = c.prepareStatement("INSERT INTO job_transition (job_id, attempt, from_state,"
              + " to_state, event, actor, at) VALUES (?, ?, ?, ?, ?, 'bench', ?)")) {
        for (int i = 1; i <= jobs; i++) {
          job.setString(1, "bench job " + i);
          job.setInt(2, i % 10);
          job.setString(3, state);
          job.setLong(4, started ? 1 : 0);
          job.setInt(5, started ? 1 : 0);
          job.setString(6, started ? "bench-job-" + i + "-1" : null);
          job.setString(7, started ? "bench:1" : null);
          job.setLong(8, T0 + i);
          if (started) {
            job.setLong(9, T0 + i);
          } else {
            job.setNull(9, java.sql.Types.BIGINT);
          }
          job.setLong(10, T0 + i);
          job.executeUpdate();
          history.setLong(1, i);
          history.setInt(2, 0);
          history.setNull(3, java.sql.Types.VARCHAR);
          history.setString(4, "QUEUED");
          history.setString(5, "SUBMIT");
          history.setLong(6, T0 + i);
          history.executeUpdate();
          if (started) {
            history.setInt(2, 1);
            history.setString(3, "QUEUED");
            history.setString(4, "PROCESSING");
            history.setString(5, "START");
            history.executeUpdate();
          }
        }
      }
      st.executeUpdate("COMMIT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fill " + db, e);
    }
  }

  /** Deletes the database's directory. */
  static void delete(Path db) {
    try (Stream<Path> files = Files.walk(db.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
