package dev.lifeline.sqlite;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.PassRecord;
import dev.lifeline.spi.UnreadableRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store's SELECTs as constant SQL text, run over plain JDBC, so that opening a store and reading from it never
 * loads jOOQ, whose start-up would cost a one-shot command such as {@code lifeline list} tens of milliseconds
 * (BENCHMARKS.md §2). Each text is what jOOQ renders, with the store's dialect and settings and {@code ?} for every
 * value, for the query shown in its javadoc ({@code ReadStatementsTest} renders them all again and fails on any
 * difference). Each call prepares its statement, binds by position, reads every row (so the statement ends at
 * {@code SQLITE_DONE}) and closes it; rows are decoded by {@link JobRows}. Stateless and thread-safe; guarding the
 * connection is the caller's business. SQLite failures are thrown as they come, for the caller to map.
 */
final class ReadStatements {

  /**
   * {@code select(JOB.asterisk())}: every column the file's job table has, so that a file of an older schema version,
   * opened to read only, reads too ({@link JobRows} gives the columns a later version added their defaults).
   */
  private static final String JOB_COLUMNS = "job.*";

  /** {@code select(JOB.asterisk()).from(JOB).where(JOB.ID.eq(id))} */
  static final String JOB_BY_ID = "select " + JOB_COLUMNS + " from job where job.id = ?";

  /** {@code select(JOB.asterisk()).from(JOB).where(JOB.IDEMPOTENCY_KEY.eq(key))} */
  static final String JOB_BY_KEY = "select " + JOB_COLUMNS + " from job where job.idempotency_key = ?";

  /**
   * {@code select(JOB.asterisk()).from(JOB).where(JOB.STATE.in(states)).orderBy(JOB.ID.desc()).limit(limit)}, one text per number
   * of states (index 0: no state filter, {@code DSL.noCondition()}); binds the states, then the limit.
   */
  static final List<String> NEWEST_JOBS = List.of(
      "select " + JOB_COLUMNS + " from job order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where job.state in (?) order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where job.state in (?, ?) order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where job.state in (?, ?, ?) order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where job.state in (?, ?, ?, ?) order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where job.state in (?, ?, ?, ?, ?) order by job.id desc limit ?");

  /**
   * {@code select(JOB.asterisk()).from(JOB).where(JOB.GROUP_NAME.eq(group)).and(JOB.STATE.in(states))
   * .orderBy(JOB.ID.desc()).limit(limit)}, one text per number of states (index 0: no state filter); binds the group,
   * the states, then the limit (V4). Read newest first along the primary key, keeping the group's rows.
   */
  static final List<String> NEWEST_JOBS_IN_GROUP = List.of(
      "select " + JOB_COLUMNS + " from job where job.group_name = ? order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where (job.group_name = ? and job.state in (?)) order by job.id desc limit ?",
      "select " + JOB_COLUMNS + " from job where (job.group_name = ? and job.state in (?, ?)) order by job.id desc "
          + "limit ?",
      "select " + JOB_COLUMNS + " from job where (job.group_name = ? and job.state in (?, ?, ?)) order by job.id desc "
          + "limit ?",
      "select " + JOB_COLUMNS + " from job where (job.group_name = ? and job.state in (?, ?, ?, ?)) order by job.id "
          + "desc limit ?",
      "select " + JOB_COLUMNS + " from job where (job.group_name = ? and job.state in (?, ?, ?, ?, ?)) order by "
          + "job.id desc limit ?");

  /** {@code selectFrom(JOB_TRANSITION).where(JOB_TRANSITION.JOB_ID.eq(jobId)).orderBy(JOB_TRANSITION.ID)} */
  static final String HISTORY = "select job_transition.id, job_transition.job_id, job_transition.attempt, "
      + "job_transition.from_state, job_transition.to_state, job_transition.event, job_transition.reason, "
      + "job_transition.detail, job_transition.actor, job_transition.at from job_transition "
      + "where job_transition.job_id = ? order by job_transition.id";

  /** {@code select(JOB.STATE, DSL.count()).from(JOB).groupBy(JOB.STATE)} */
  static final String COUNTS = "select job.state, count(*) from job group by job.state";

  /**
   * {@code select(JOB.asterisk()).from(JOB).where(JOB.STATE.eq(inline("FAILED"))).and(JOB.ATTEMPT.lt(JOB.MAX_ATTEMPTS))
   * .and(JOB.FAILURE_REASON.isNull().or(JOB.FAILURE_REASON.ne(inline("CANCELLED")))).orderBy(JOB.ID).limit(limit)}:
   * {@link dev.lifeline.spi.RetryRule} in SQL. The values are written inline, not bound, and the condition is the
   * {@code job_retryable} index's (V3), so that SQLite reads that index: the FAILED jobs that can never be retried
   * are never visited. Binds the limit.
   */
  static final String RETRYABLE = "select " + JOB_COLUMNS + " from job where (job.state = 'FAILED' and "
      + "job.attempt < job.max_attempts and (job.failure_reason is null or job.failure_reason not in ('CANCELLED', "
      + "'DEPENDENCY_FAILED'))) order by job.id limit ?";

  /**
   * {@code select(JOB_DEPENDENCY.JOB_ID).from(JOB_DEPENDENCY).where(JOB_DEPENDENCY.DEPENDS_ON.eq(id))
   * .orderBy(JOB_DEPENDENCY.JOB_ID)}: a job's dependents, a range of the {@code job_dependency_on} index (V4).
   */
  static final String DEPENDENTS = "select job_dependency.job_id from job_dependency "
      + "where job_dependency.depends_on = ? order by job_dependency.job_id";

  /**
   * The QUEUED jobs with a dependency FAILED for good ({@code not} {@link dev.lifeline.spi.RetryRule}, the
   * {@code job_retryable} condition), oldest first: {@code select(JOB.asterisk()).from(JOB).where(JOB.STATE
   * .eq(inline("QUEUED"))).andExists(selectOne().from(JOB_DEPENDENCY).join(dep).on(dep.ID.eq(JOB_DEPENDENCY
   * .DEPENDS_ON)).where(JOB_DEPENDENCY.JOB_ID.eq(JOB.ID)).and(dep.STATE.eq(inline("FAILED"))).and(not(retryable
   * (dep)))).orderBy(JOB.ID).limit(limit)}. It reads the QUEUED jobs along {@code job_state_newest} and each one's
   * dependencies by primary key: its cost is the QUEUED jobs', whatever the history. Binds the limit.
   */
  static final String ABANDONABLE = "select " + JOB_COLUMNS + " from job where (job.state = 'QUEUED' and exists "
      + "(select 1 as one from job_dependency join job as dep on dep.id = job_dependency.depends_on where "
      + "(job_dependency.job_id = job.id and dep.state = 'FAILED' and not (dep.attempt < dep.max_attempts and "
      + "(dep.failure_reason is null or dep.failure_reason not in ('CANCELLED', 'DEPENDENCY_FAILED')))))) "
      + "order by job.id limit ?";

  /**
   * {@code select(JOB.asterisk()).from(JOB).where(JOB.STATE.eq(state)).and(JOB.NOT_BEFORE.isNull().or(JOB.NOT_BEFORE.le(now)))
   * .orderBy(JOB.PRIORITY.desc(), JOB.CREATED_AT, JOB.ID).limit(limit)}: the claim candidates in {@link
   * dev.lifeline.spi.ClaimOrder}, read along the {@code job_claim} index; binds QUEUED, now, then the limit.
   */
  static final String CLAIMABLE = "select " + JOB_COLUMNS + " from job where (job.state = ? and "
      + "(job.not_before is null or job.not_before <= ?)) order by job.priority desc, job.created_at, job.id limit ?";

  /** {@code selectCount().from(JOB).where(JOB.STATE.eq(state))}: a range of the {@code job_state_newest} index. */
  static final String COUNT_IN_STATE = "select count(*) from job where job.state = ?";

  /** {@code selectFrom(SUPERVISOR_LEASE).where(SUPERVISOR_LEASE.ID.eq(1L))} */
  static final String LEASE = "select supervisor_lease.id, supervisor_lease.holder, supervisor_lease.host, "
      + "supervisor_lease.pid, supervisor_lease.acquired_at, supervisor_lease.heartbeat, "
      + "supervisor_lease.last_pass_holder, supervisor_lease.last_pass_at, supervisor_lease.last_pass_failures, "
      + "supervisor_lease.last_pass_problem from supervisor_lease where supervisor_lease.id = ?";

  /** {@code select(the lease columns of schema version 1).from(SUPERVISOR_LEASE).where(SUPERVISOR_LEASE.ID.eq(1L))} */
  static final String LEASE_V1 = "select supervisor_lease.id, supervisor_lease.holder, supervisor_lease.host, "
      + "supervisor_lease.pid, supervisor_lease.acquired_at, supervisor_lease.heartbeat from supervisor_lease "
      + "where supervisor_lease.id = ?";

  /** {@code selectFrom(JOB_GROUP).where(JOB_GROUP.NAME.eq(name))} (V4) */
  static final String GROUP = "select job_group.name, job_group.max_concurrent, job_group.paused from job_group "
      + "where job_group.name = ?";

  /** {@code selectFrom(JOB_GROUP).orderBy(JOB_GROUP.NAME)} (V4) */
  static final String GROUPS = "select job_group.name, job_group.max_concurrent, job_group.paused from job_group "
      + "order by job_group.name";

  /** {@code select(STORE_CONTROL.DRAINING).from(STORE_CONTROL).where(STORE_CONTROL.ID.eq(1L))} (V4) */
  static final String DRAINING = "select store_control.draining from store_control where store_control.id = ?";

  /** {@code selectFrom(CONTROL_CHANGE).orderBy(CONTROL_CHANGE.ID.desc()).limit(limit)} (V4) */
  static final String CONTROL_CHANGES = "select control_change.id, control_change.target, control_change.setting, "
      + "control_change.value, control_change.actor, control_change.at from control_change "
      + "order by control_change.id desc limit ?";

  /** The id of the lease's one row. */
  static final long LEASE_ROW = 1L;

  private ReadStatements() {}

  static Optional<Job> job(Connection c, JobId id, SqliteFailures failures) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(JOB_BY_ID)) {
      st.setLong(1, id.value());
      return first(jobs(st, failures));
    }
  }

  static Optional<Job> jobByKey(Connection c, String idempotencyKey, SqliteFailures failures) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(JOB_BY_KEY)) {
      st.setString(1, idempotencyKey);
      return first(jobs(st, failures));
    }
  }

  /**
   * The newest jobs {@code query} selects.
   *
   * @param unreadable where a row that does not decode is reported and skipped; {@code null} to fail on it instead
   */
  static List<Job> newestJobs(Connection c, JobQuery query, SqliteFailures failures,
      Consumer<UnreadableRow> unreadable) throws SQLException {
    boolean byGroup = query.group() != null;
    try (PreparedStatement st = c.prepareStatement((byGroup ? NEWEST_JOBS_IN_GROUP : NEWEST_JOBS)
        .get(query.states().size()))) {
      int i = 1;
      if (byGroup) {
        st.setString(i++, query.group());
      }
      for (JobState s : query.states()) {
        st.setString(i++, s.name());
      }
      st.setInt(i, query.limit());
      if (unreadable == null) {
        return jobs(st, failures);
      }
      try (ResultSet rs = st.executeQuery()) {
        return JobRows.readableJobs(rs, unreadable);
      }
    }
  }

  /** At most {@code limit} jobs a RETRY may re-queue, lowest id first; undecodable rows go to {@code unreadable}. */
  static List<Job> retryable(Connection c, int limit, Consumer<UnreadableRow> unreadable) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(RETRYABLE)) {
      st.setInt(1, limit);
      try (ResultSet rs = st.executeQuery()) {
        return JobRows.readableJobs(rs, unreadable);
      }
    }
  }

  /** At most {@code limit} claim candidates at {@code now}, in claim order; undecodable rows go to {@code unreadable}. */
  static List<Job> claimable(Connection c, Instant now, int limit, Consumer<UnreadableRow> unreadable)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(CLAIMABLE)) {
      st.setString(1, JobState.QUEUED.name());
      st.setLong(2, now.toEpochMilli());
      st.setInt(3, limit);
      try (ResultSet rs = st.executeQuery()) {
        return JobRows.readableJobs(rs, unreadable);
      }
    }
  }

  /** How many jobs are in {@code state}. */
  static List<JobId> dependents(Connection c, JobId id) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(DEPENDENTS)) {
      st.setLong(1, id.value());
      List<JobId> out = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(JobId.of(rs.getLong(1)));
        }
      }
      return out;
    }
  }

  static List<Job> abandonable(Connection c, int limit, Consumer<UnreadableRow> unreadable) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(ABANDONABLE)) {
      st.setInt(1, limit);
      try (ResultSet rs = st.executeQuery()) {
        return JobRows.readableJobs(rs, unreadable);
      }
    }
  }

  static List<dev.lifeline.GroupSettings> groups(Connection c, String name) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(name == null ? GROUPS : GROUP)) {
      if (name != null) {
        st.setString(1, name);
      }
      List<dev.lifeline.GroupSettings> out = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          int max = rs.getInt("max_concurrent");
          Integer limit = rs.wasNull() ? null : max;
          out.add(new dev.lifeline.GroupSettings(rs.getString("name"), limit, rs.getInt("paused") != 0));
        }
      }
      return out;
    }
  }

  static boolean draining(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(DRAINING)) {
      st.setLong(1, LEASE_ROW);
      try (ResultSet rs = st.executeQuery()) {
        boolean on = rs.next() && rs.getInt(1) != 0;
        while (rs.next()) {
          // step to completion
        }
        return on;
      }
    }
  }

  static List<dev.lifeline.spi.ControlChange> controlChanges(Connection c, int limit) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(CONTROL_CHANGES)) {
      st.setInt(1, limit);
      List<dev.lifeline.spi.ControlChange> out = new java.util.ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new dev.lifeline.spi.ControlChange(rs.getString("target"), rs.getString("setting"),
              rs.getString("value"), rs.getString("actor"), Instant.ofEpochMilli(rs.getLong("at"))));
        }
      }
      return out;
    }
  }

  static long countInState(Connection c, JobState state) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(COUNT_IN_STATE)) {
      st.setString(1, state.name());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The job's history, oldest first; a row that does not decode fails the read, naming the job and the column. */
  static List<Transition> history(Connection c, JobId id, SqliteFailures failures) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(HISTORY)) {
      st.setLong(1, id.value());
      try (ResultSet rs = st.executeQuery()) {
        List<Transition> out = new ArrayList<>();
        while (rs.next()) {
          try {
            out.add(JobRows.toTransition(rs));
          } catch (Columns.Undecodable e) {
            throw failures.unreadable("a history row (" + rs.getLong("id") + ") of job " + id.value(), e);
          }
        }
        return out;
      }
    }
  }

  /**
   * How many jobs are in each state, every state present (0 when none). Rows whose state is not a known one are
   * in no state and are not counted; {@link JobRows#readableJobs} reports them.
   */
  static Map<JobState, Long> counts(Connection c) throws SQLException {
    Map<JobState, Long> out = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      out.put(s, 0L);
    }
    try (PreparedStatement st = c.prepareStatement(COUNTS); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        JobState state = knownState(rs.getString(1));
        if (state != null) {
          out.put(state, rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static JobState knownState(String name) {
    for (JobState s : JobState.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The supervisor lease, if held; a lease row that does not decode fails the read, naming the column. Reads only the
   * columns every schema version has.
   */
  static Optional<Lease> lease(Connection c, SqliteFailures failures) throws SQLException {
    return leaseRow(c, failures, LEASE_V1, rs -> Optional.of(JobRows.toLease(rs)));
  }

  /** The pass the lease's holder last recorded, if the lease is held and its holder recorded one. */
  static Optional<PassRecord> lastPass(Connection c, SqliteFailures failures) throws SQLException {
    return leaseRow(c, failures, LEASE, JobRows::toPass);
  }

  /** A decoder of the lease row. */
  @FunctionalInterface
  private interface LeaseDecoder<T> {
    Optional<T> decode(ResultSet rs) throws SQLException;
  }

  private static <T> Optional<T> leaseRow(Connection c, SqliteFailures failures, String sql,
      LeaseDecoder<T> decoder) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setLong(1, LEASE_ROW);
      try (ResultSet rs = st.executeQuery()) {
        Optional<T> value;
        try {
          value = rs.next() ? decoder.decode(rs) : Optional.empty();
        } catch (Columns.Undecodable e) {
          throw failures.unreadable("the supervisor lease", e);
        }
        while (rs.next()) {
          // step to completion (the primary key allows one row)
        }
        return value;
      }
    }
  }

  private static List<Job> jobs(PreparedStatement st, SqliteFailures failures) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      return JobRows.jobs(rs, failures);
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }
}
