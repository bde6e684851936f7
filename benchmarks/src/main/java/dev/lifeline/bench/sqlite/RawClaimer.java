package dev.lifeline.bench.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The claim ceiling: {@code SqliteJobStore.claimNext}'s transaction in raw JDBC with statements prepared once —
 * BEGIN IMMEDIATE; count PROCESSING; read the first candidate; CAS UPDATE; history INSERT; COMMIT — and optionally
 * the EXITED transaction after it. Not thread-safe.
 */
final class RawClaimer implements AutoCloseable {

  private final Connection c;
  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement count;
  private final PreparedStatement candidate;
  private final PreparedStatement cas;
  private final PreparedStatement history;

  RawClaimer(Path db) throws SQLException {
    c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA synchronous = NORMAL");
      st.executeUpdate("PRAGMA busy_timeout = 10000");
      st.executeUpdate("PRAGMA foreign_keys = ON");
    }
    begin = c.prepareStatement("BEGIN IMMEDIATE");
    commit = c.prepareStatement("COMMIT");
    count = c.prepareStatement("select count(*) from (select 1 from job where job.state = ? limit ?)");
    candidate = c.prepareStatement("select * from job where (job.state = ? and (job.not_before is null or"
        + " job.not_before <= ?)) order by job.priority desc, job.created_at, job.id limit ? offset ?");
    cas = c.prepareStatement("update job set state = ?, version = ?, attempt = ?, session = ?, owner = ?,"
        + " exit_code = ?, failure_reason = ?, failure_detail = ?, not_before = ?, started_at = ?,"
        + " finished_at = ?, updated_at = ? where (job.id = ? and job.state = ? and job.version = ?)");
    history = c.prepareStatement("insert into job_transition (job_id, attempt, from_state, to_state, event,"
        + " reason, detail, actor, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** Claims until nothing is QUEUED; returns how many. */
  int drain(boolean exit) throws SQLException {
    int n = 0;
    while (true) {
      long now = System.currentTimeMillis();
      begin.executeUpdate();
      count.setString(1, "PROCESSING");
      count.setInt(2, Integer.MAX_VALUE);
      try (ResultSet rs = count.executeQuery()) {
        while (rs.next()) {
          rs.getInt(1);
        }
      }
      candidate.setString(1, "QUEUED");
      candidate.setLong(2, now);
      candidate.setInt(3, 1);
      candidate.setInt(4, 0);
      long id = -1;
      long version = 0;
      String name = null;
      try (ResultSet rs = candidate.executeQuery()) {
        while (rs.next()) {
          id = rs.getLong("id");
          version = rs.getLong("version");
          name = rs.getString("name");
          rs.getString("argv");
          rs.getString("env");
          rs.getString("verifiers");
        }
      }
      if (id < 0) {
        commit.executeUpdate();
        return n;
      }
      write(id, version, "QUEUED", "PROCESSING", "START", null, "job-" + name + "-" + id + "-1", now);
      commit.executeUpdate();
      n++;
      if (exit) {
        begin.executeUpdate();
        write(id, version + 1, "PROCESSING", "VERIFICATION", "EXITED", 0, "job-" + name + "-" + id + "-1", now);
        commit.executeUpdate();
      }
    }
  }

  private void write(long id, long version, String from, String to, String event, Integer exitCode, String session,
      long now) throws SQLException {
    cas.setString(1, to);
    cas.setLong(2, version + 1);
    cas.setInt(3, 1);
    cas.setString(4, session);
    cas.setString(5, "raw:1");
    cas.setObject(6, exitCode);
    cas.setString(7, null);
    cas.setString(8, null);
    cas.setObject(9, null);
    cas.setLong(10, now);
    cas.setObject(11, null);
    cas.setLong(12, now);
    cas.setLong(13, id);
    cas.setString(14, from);
    cas.setLong(15, version);
    if (cas.executeUpdate() != 1) {
      throw new IllegalStateException("lost the CAS of job " + id + " inside a write transaction");
    }
    history.setLong(1, id);
    history.setInt(2, 1);
    history.setString(3, from);
    history.setString(4, to);
    history.setString(5, event);
    history.setString(6, null);
    history.setString(7, null);
    history.setString(8, "raw:1");
    history.setLong(9, now);
    history.executeUpdate();
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
