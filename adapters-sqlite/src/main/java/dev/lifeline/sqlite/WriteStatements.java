package dev.lifeline.sqlite;

import static dev.lifeline.sqlite.db.Tables.JOB;
import static dev.lifeline.sqlite.db.Tables.JOB_DEPENDENCY;
import static dev.lifeline.sqlite.db.Tables.JOB_TRANSITION;
import static dev.lifeline.sqlite.db.Tables.SUPERVISOR_LEASE;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * The write path, the only user of jOOQ: its configuration on the writing connection ({@code BEGIN IMMEDIATE}
 * transactions through {@link ImmediateTransactionProvider}) and the statements the store writes with. The
 * compare-and-set UPDATE ({@code … WHERE id=? AND state=? AND version=?}), the history INSERT, and the claim's count
 * and candidate query are written once with jOOQ's generated, typed classes and kept prepared; each call binds by
 * position and steps the statement to completion. (Executing them through jOOQ rendered, prepared and walked the
 * query tree to bind on every call, which cost more than SQLite itself; see BENCHMARKS.md.) A new job's
 * {@code INSERT … RETURNING id} is kept prepared the same way. The rarer writes (the lease) run through jOOQ;
 * reads inside a transaction use {@link ReadStatements}. Created by the first write. Not thread-safe: used only under the write lock, inside a {@code BEGIN IMMEDIATE} transaction on the same
 * connection.
 */
final class WriteStatements implements AutoCloseable {

  static {
    // jOOQ prints a banner, a tip and "Database version is supported" (INFO) on first use unless told not to; a
    // library must stay silent. A user's own setting of these properties wins.
    quiet("org.jooq.no-logo", "true");
    quiet("org.jooq.no-tips", "true");
    quiet("org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport", "WARN");
  }

  private static void quiet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private static final List<String> CAS_PARAMS = List.of("state", "version", "attempt", "session", "owner",
      "exit_code", "failure_reason", "failure_detail", "not_before", "started_at", "finished_at", "updated_at", "held",
      "id", "expected_state", "expected_version");
  private static final List<String> HISTORY_PARAMS = List.of("job_id", "attempt", "from_state", "to_state", "event",
      "reason", "detail", "actor", "at");

  private static final List<String> INSERT_PARAMS = List.of("name", "argv", "cwd", "env", "priority",
      "max_attempts", "timeout", "verifiers", "state", "version", "attempt", "idempotency_key", "created_at",
      "updated_at", "group_name", "held", "first_not_before", "not_before", "after_ids", "hooks");
  private static final List<String> RUNNING_PARAMS = List.of("state", "limit");
  private static final List<String> CANDIDATE_PARAMS = List.of("state", "now", "limit", "offset");

  private final DSLContext dsl;
  private final Connection writer;
  private final SqliteFailures failures;
  private final String compareAndSetSql;
  private final String appendHistorySql;
  private final String runningSql;
  private final String candidatesSql;
  private final String insertSql;
  private PreparedStatement insert;
  private PreparedStatement compareAndSet;
  private PreparedStatement appendHistory;
  private PreparedStatement running;
  private PreparedStatement candidates;

  /** Sets jOOQ up on {@code writer} and renders the statements; they are prepared on first use. */
  WriteStatements(Connection writer, SqliteFailures failures) {
    this.dsl = DSL.using(configuration(writer).set(new ImmediateTransactionProvider()));
    this.writer = writer;
    this.failures = failures;
    Query cas = dsl.update(JOB)
        .set(JOB.STATE, DSL.param("state", JOB.STATE))
        .set(JOB.VERSION, DSL.param("version", JOB.VERSION))
        .set(JOB.ATTEMPT, DSL.param("attempt", JOB.ATTEMPT))
        .set(JOB.SESSION, DSL.param("session", JOB.SESSION))
        .set(JOB.OWNER, DSL.param("owner", JOB.OWNER))
        .set(JOB.EXIT_CODE, DSL.param("exit_code", JOB.EXIT_CODE))
        .set(JOB.FAILURE_REASON, DSL.param("failure_reason", JOB.FAILURE_REASON))
        .set(JOB.FAILURE_DETAIL, DSL.param("failure_detail", JOB.FAILURE_DETAIL))
        .set(JOB.NOT_BEFORE, DSL.param("not_before", JOB.NOT_BEFORE))
        .set(JOB.STARTED_AT, DSL.param("started_at", JOB.STARTED_AT))
        .set(JOB.FINISHED_AT, DSL.param("finished_at", JOB.FINISHED_AT))
        .set(JOB.UPDATED_AT, DSL.param("updated_at", JOB.UPDATED_AT))
        .set(JOB.HELD, DSL.param("held", JOB.HELD))
        .where(JOB.ID.eq(DSL.param("id", JOB.ID)))
        .and(JOB.STATE.eq(DSL.param("expected_state", JOB.STATE)))
        .and(JOB.VERSION.eq(DSL.param("expected_version", JOB.VERSION)));
    Query history = dsl.insertInto(JOB_TRANSITION)
        .set(JOB_TRANSITION.JOB_ID, DSL.param("job_id", JOB_TRANSITION.JOB_ID))
        .set(JOB_TRANSITION.ATTEMPT, DSL.param("attempt", JOB_TRANSITION.ATTEMPT))
        .set(JOB_TRANSITION.FROM_STATE, DSL.param("from_state", JOB_TRANSITION.FROM_STATE))
        .set(JOB_TRANSITION.TO_STATE, DSL.param("to_state", JOB_TRANSITION.TO_STATE))
        .set(JOB_TRANSITION.EVENT, DSL.param("event", JOB_TRANSITION.EVENT))
        .set(JOB_TRANSITION.REASON, DSL.param("reason", JOB_TRANSITION.REASON))
        .set(JOB_TRANSITION.DETAIL, DSL.param("detail", JOB_TRANSITION.DETAIL))
        .set(JOB_TRANSITION.ACTOR, DSL.param("actor", JOB_TRANSITION.ACTOR))
        .set(JOB_TRANSITION.AT, DSL.param("at", JOB_TRANSITION.AT));
    // Counting stops at the limit: past maxConcurrent the exact number does not matter, and counting every
    // PROCESSING row on every claim would cost time in proportion to them.
    Query running = dsl.selectCount().from(dsl.select(DSL.inline(1)).from(JOB)
        .where(JOB.STATE.eq(DSL.param("state", JOB.STATE)))
        .limit(DSL.param("limit", Integer.class)));
    Query candidates = dsl.selectFrom(JOB)
        .where(JOB.STATE.eq(DSL.param("state", JOB.STATE)))
        .and(JOB.NOT_BEFORE.isNull().or(JOB.NOT_BEFORE.le(DSL.param("now", JOB.NOT_BEFORE))))
        .orderBy(JOB.PRIORITY.desc(), JOB.CREATED_AT, JOB.ID)
        .limit(DSL.param("limit", Integer.class))
        .offset(DSL.param("offset", Integer.class));
    Query insert = dsl.insertInto(JOB)
        .set(JOB.NAME, DSL.param("name", JOB.NAME))
        .set(JOB.ARGV, DSL.param("argv", JOB.ARGV))
        .set(JOB.CWD, DSL.param("cwd", JOB.CWD))
        .set(JOB.ENV, DSL.param("env", JOB.ENV))
        .set(JOB.PRIORITY, DSL.param("priority", JOB.PRIORITY))
        .set(JOB.MAX_ATTEMPTS, DSL.param("max_attempts", JOB.MAX_ATTEMPTS))
        .set(JOB.TIMEOUT, DSL.param("timeout", JOB.TIMEOUT))
        .set(JOB.VERIFIERS, DSL.param("verifiers", JOB.VERIFIERS))
        .set(JOB.STATE, DSL.param("state", JOB.STATE))
        .set(JOB.VERSION, DSL.param("version", JOB.VERSION))
        .set(JOB.ATTEMPT, DSL.param("attempt", JOB.ATTEMPT))
        .set(JOB.IDEMPOTENCY_KEY, DSL.param("idempotency_key", JOB.IDEMPOTENCY_KEY))
        .set(JOB.CREATED_AT, DSL.param("created_at", JOB.CREATED_AT))
        .set(JOB.UPDATED_AT, DSL.param("updated_at", JOB.UPDATED_AT))
        .set(JOB.GROUP_NAME, DSL.param("group_name", JOB.GROUP_NAME))
        .set(JOB.HELD, DSL.param("held", JOB.HELD))
        .set(JOB.FIRST_NOT_BEFORE, DSL.param("first_not_before", JOB.FIRST_NOT_BEFORE))
        .set(JOB.NOT_BEFORE, DSL.param("not_before", JOB.NOT_BEFORE))
        .set(JOB.AFTER_IDS, DSL.param("after_ids", JOB.AFTER_IDS))
        .set(JOB.HOOKS, DSL.param("hooks", JOB.HOOKS));
    checkOrder(insert, INSERT_PARAMS);
    // jOOQ adds RETURNING only while it executes a query itself; SQLite (3.35+) runs it as written here.
    insertSql = insert.getSQL() + " returning " + dsl.render(JOB.ID.getUnqualifiedName());
    checkOrder(cas, CAS_PARAMS);
    checkOrder(history, HISTORY_PARAMS);
    checkOrder(running, RUNNING_PARAMS);
    checkOrder(candidates, CANDIDATE_PARAMS);
    compareAndSetSql = cas.getSQL();
    appendHistorySql = history.getSQL();
    runningSql = running.getSQL();
    candidatesSql = candidates.getSQL();
  }

  /** The dialect and settings the store renders every statement with, on {@code c}. */
  static Configuration configuration(Connection c) {
    return new DefaultConfiguration()
        .set(SQLDialect.SQLITE)
        .set(new Settings()
            .withRenderSchema(false)
            .withRenderCatalog(false)
            .withExecuteLogging(false)
            .withFetchWarnings(false)
            .withDiagnosticsLogging(false))
        .set(new DefaultConnectionProvider(c));
  }

  /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: committed when it returns, else rolled back. */
  <T> T transaction(Function<WriteStatements, T> work) {
    storeHooks = null; // read again in each transaction: another process may have changed them
    return dsl.transactionResult(cfg -> work.apply(this));
  }

  // ---- the outbox (schema version 5) -------------------------------------------------------------------------------

  /** The store's hooks, read once per transaction (every change of it is matched against the same ones). */
  private List<dev.lifeline.Hook> storeHooks;

  /** Writes the deliveries the change to {@code next} calls for; inside the change's transaction. */
  void writeDeliveries(Job next, Transition transition) {
    if (storeHooks == null) {
      try {
        storeHooks = OutboxStatements.hooks(writer);
      } catch (SQLException e) {
        throw new DataAccessException("reading the hooks failed: " + e.getMessage(), e);
      }
    }
    if (storeHooks.isEmpty() && next.spec().hooks().isEmpty()) {
      return;
    }
    var t = dev.lifeline.sqlite.db.Tables.DELIVERY;
    for (dev.lifeline.Delivery d : dev.lifeline.spi.OutboxStore.calledFor(next, transition, storeHooks)) {
      dsl.insertInto(t)
          .set(t.JOB_ID, d.jobId().value())
          .set(t.ATTEMPT, d.attempt())
          .set(t.FROM_STATE, d.from() == null ? null : d.from().name())
          .set(t.TO_STATE, d.state().name())
          .set(t.EVENT, d.event().name())
          .set(t.REASON, d.reason() == null ? null : d.reason().name())
          .set(t.EXIT_CODE, d.exitCode())
          .set(t.SOURCE, d.source())
          .set(t.TARGET_KIND, HookRows.kind(d.target()))
          .set(t.TARGET, HookRows.text(d.target()))
          .set(t.STATUS, d.status().name())
          .set(t.TRIES, d.tries())
          .set(t.NEXT_AT, JobRows.millis(d.nextAt()))
          .set(t.CREATED_AT, JobRows.millis(d.createdAt()))
          .execute();
    }
  }

  /** Inserts a store hook; returns its id. */
  long insertHook(dev.lifeline.HookTrigger on, String group, dev.lifeline.HookTarget target, String actor,
      Instant at) {
    var t = dev.lifeline.sqlite.db.Tables.HOOK;
    storeHooks = null;
    return dsl.insertInto(t)
        .set(t.FIRES_ON, on.text())
        .set(t.GROUP_NAME, group)
        .set(t.TARGET_KIND, HookRows.kind(target))
        .set(t.TARGET, HookRows.text(target))
        .set(t.ACTOR, actor)
        .set(t.CREATED_AT, at)
        .returning(t.ID).fetchOne().getId();
  }

  /** Deletes a store hook; whether it was there. */
  boolean deleteHook(long id) {
    var t = dev.lifeline.sqlite.db.Tables.HOOK;
    storeHooks = null;
    return dsl.deleteFrom(t).where(t.ID.eq(id)).execute() == 1;
  }

  /** Records one try of a delivery if it is still PENDING with one try fewer; whether it was. */
  boolean recordTry(dev.lifeline.Delivery tried) {
    var t = dev.lifeline.sqlite.db.Tables.DELIVERY;
    return dsl.update(t)
        .set(t.STATUS, tried.status().name())
        .set(t.TRIES, tried.tries())
        .set(t.NEXT_AT, JobRows.millis(tried.nextAt()))
        .set(t.LAST_ERROR, tried.lastError())
        .set(t.FINISHED_AT, JobRows.millis(tried.finishedAt()))
        .where(t.ID.eq(tried.id()))
        .and(t.STATUS.eq(dev.lifeline.Delivery.Status.PENDING.name()))
        .and(t.TRIES.eq(tried.tries() - 1))
        .execute() == 1;
  }

  /**
   * Inserts a QUEUED row for {@code spec}.
   *
   * @return the id the database gave it
   * @throws IllegalArgumentException when some text cannot be stored as it is
   */
  JobId insert(JobSpec spec, String idempotencyKey, Instant now) {
    JobRows.checkStorable(spec, idempotencyKey);
    try {
      if (insert == null) {
        insert = writer.prepareStatement(insertSql);
      }
      PreparedStatement s = insert;
      s.setString(1, spec.name());
      s.setString(2, CountedStrings.encode(spec.argv()));
      s.setString(3, spec.cwd());
      s.setString(4, JobRows.encodeEnv(spec.env()));
      s.setInt(5, spec.priority());
      s.setInt(6, spec.maxAttempts());
      s.setString(7, spec.timeout() == null ? null : spec.timeout().toString());
      s.setString(8, JobRows.encodeVerifiers(spec.verifiers()));
      s.setString(9, JobState.QUEUED.name());
      s.setLong(10, 0L);
      s.setInt(11, 0);
      s.setString(12, idempotencyKey);
      s.setLong(13, millis(JobRows.millis(now)));
      s.setLong(14, millis(JobRows.millis(now)));
      s.setString(15, spec.group());
      s.setInt(16, 0);
      s.setObject(17, millis(spec.notBefore()));
      s.setObject(18, millis(spec.notBefore()));
      s.setString(19, JobRows.encodeAfter(spec.after()));
      s.setString(20, HookRows.encodeJobHooks(spec.hooks()));
      JobId id;
      try (ResultSet rs = s.executeQuery()) { // INSERT … RETURNING id: no second statement for the new id
        if (!rs.next()) {
          throw new DataAccessException("inserting a job returned no id");
        }
        id = JobId.of(rs.getLong(1));
      }
      if (!spec.after().isEmpty()) {
        insertDependencies(id, spec.after());
      }
      return id;
    } catch (SQLException e) {
      throw new DataAccessException("inserting a job failed: " + e.getMessage(), e);
    }
  }

  /** The rows of {@code job_dependency} for a new job: its foreign keys refuse an id the store does not hold. */
  private void insertDependencies(JobId id, List<JobId> after) {
    var rows = dsl.insertInto(JOB_DEPENDENCY, JOB_DEPENDENCY.JOB_ID, JOB_DEPENDENCY.DEPENDS_ON);
    for (JobId dependency : after) {
      rows = rows.values(id.value(), dependency.value());
    }
    rows.execute();
  }

  /** A group's stored settings, read inside this transaction. */
  Optional<dev.lifeline.GroupSettings> group(String name) {
    try {
      return ReadStatements.groups(writer, name).stream().findFirst();
    } catch (SQLException e) {
      throw new DataAccessException("reading group " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether the store is drained, read inside this transaction. */
  boolean draining() {
    try {
      return ReadStatements.draining(writer);
    } catch (SQLException e) {
      throw new DataAccessException("reading the drain failed: " + e.getMessage(), e);
    }
  }

  /** Writes a group's settings, inserting its row or replacing it. */
  void putGroup(dev.lifeline.GroupSettings g) {
    var t = dev.lifeline.sqlite.db.Tables.JOB_GROUP;
    dsl.insertInto(t).set(t.NAME, g.name()).set(t.MAX_CONCURRENT, g.maxConcurrent()).set(t.PAUSED, g.paused() ? 1 : 0)
        .onConflict(t.NAME).doUpdate().set(t.MAX_CONCURRENT, g.maxConcurrent()).set(t.PAUSED, g.paused() ? 1 : 0)
        .execute();
  }

  /** Writes the drain's one row. */
  void putDraining(boolean on) {
    var t = dev.lifeline.sqlite.db.Tables.STORE_CONTROL;
    dsl.insertInto(t).set(t.ID, ReadStatements.LEASE_ROW).set(t.DRAINING, on ? 1 : 0)
        .onConflict(t.ID).doUpdate().set(t.DRAINING, on ? 1 : 0).execute();
  }

  /** Appends one recorded control change. */
  void appendControlChange(dev.lifeline.spi.ControlChange c) {
    var t = dev.lifeline.sqlite.db.Tables.CONTROL_CHANGE;
    dsl.insertInto(t).set(t.TARGET, c.target()).set(t.SETTING, c.setting()).set(t.VALUE, c.value())
        .set(t.ACTOR, c.actor()).set(t.AT, c.at()).execute();
  }

  /** The job {@code id}, if the store holds it, read inside this transaction. */
  Optional<Job> job(JobId id) {
    try {
      return ReadStatements.job(writer, id, failures);
    } catch (SQLException e) {
      throw new DataAccessException("reading job " + id + " failed: " + e.getMessage(), e);
    }
  }

  /** The job holding {@code idempotencyKey}, if any. */
  Optional<Job> jobByKey(String idempotencyKey) {
    try {
      return ReadStatements.jobByKey(writer, idempotencyKey, failures);
    } catch (SQLException e) {
      throw new DataAccessException("reading the job with an idempotency key failed: " + e.getMessage(), e);
    }
  }

  /** How many jobs are in {@code state}, counting no further than {@code limit}. */
  int count(JobState state, int limit) {
    try {
      if (running == null) {
        running = writer.prepareStatement(runningSql);
      }
      running.setString(1, state.name());
      running.setInt(2, limit);
      try (ResultSet rs = running.executeQuery()) {
        int n = rs.next() ? rs.getInt(1) : 0;
        while (rs.next()) {
          // step to completion
        }
        return n;
      }
    } catch (SQLException e) {
      throw new DataAccessException("counting " + state + " jobs failed: " + e.getMessage(), e);
    }
  }

  /**
   * QUEUED jobs startable at {@code now}, by priority (highest first), then age, then id: one page of at most
   * {@code limit} rows from {@code offset}. A row that does not decode is skipped, so that one damaged job never
   * stops the others from starting (the supervisor's reads report it).
   *
   * @param into where the page's decoded jobs are added, in order
   * @return how many rows the page held, decoded or not
   */
  int candidates(Instant now, int limit, int offset, List<Job> into) {
    try {
      if (candidates == null) {
        candidates = writer.prepareStatement(candidatesSql);
      }
      candidates.setString(1, JobState.QUEUED.name());
      candidates.setLong(2, now.toEpochMilli());
      candidates.setInt(3, limit);
      candidates.setInt(4, offset);
      int[] skipped = new int[1];
      try (ResultSet rs = candidates.executeQuery()) {
        // reads every row: the statement ends at SQLITE_DONE
        List<Job> page = JobRows.readableJobs(rs, (JobRows.SkippedRows) (id, reason) -> skipped[0]++);
        into.addAll(page);
        return page.size() + skipped[0];
      }
    } catch (SQLException e) {
      throw new DataAccessException("reading QUEUED jobs failed: " + e.getMessage(), e);
    }
  }

  /** The positions below follow the order jOOQ renders the parameters in; fail loudly if that ever changes. */
  private static void checkOrder(Query q, List<String> expected) {
    List<String> rendered = new ArrayList<>();
    q.getParams().forEach((name, param) -> {
      if (!param.isInline()) {
        rendered.add(name);
      }
    });
    if (!rendered.equals(expected)) {
      throw new IllegalStateException("jOOQ renders the parameters as " + rendered + ", expected " + expected);
    }
  }

  /**
   * Writes every mutable column of {@code next} where the row still has {@code expected}'s state and version.
   * The spec, creation time and idempotency key never change.
   *
   * @return the number of rows changed, 0 or 1
   */
  int compareAndSet(Job expected, Job next) {
    try {
      if (compareAndSet == null) {
        compareAndSet = writer.prepareStatement(compareAndSetSql);
      }
      PreparedStatement s = compareAndSet;
      s.setString(1, next.state().name());
      s.setLong(2, next.version());
      s.setInt(3, next.attempt());
      s.setString(4, next.session());
      s.setString(5, next.owner());
      s.setObject(6, next.exitCode());
      s.setString(7, name(next.failureReason()));
      s.setString(8, next.failureDetail());
      s.setObject(9, millis(next.notBefore()));
      s.setObject(10, millis(next.startedAt()));
      s.setObject(11, millis(next.finishedAt()));
      s.setObject(12, millis(next.updatedAt()));
      s.setInt(13, next.held() ? 1 : 0);
      s.setLong(14, expected.id().value());
      s.setString(15, expected.state().name());
      s.setLong(16, expected.version());
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException("the compare-and-set of job " + expected.id() + " failed: " + e.getMessage(), e);
    }
  }

  void appendHistory(Transition t) {
    try {
      if (appendHistory == null) {
        appendHistory = writer.prepareStatement(appendHistorySql);
      }
      PreparedStatement s = appendHistory;
      s.setLong(1, t.jobId().value());
      s.setInt(2, t.attempt());
      s.setString(3, name(t.from()));
      s.setString(4, t.to().name());
      s.setString(5, t.event().name());
      s.setString(6, name(t.reason()));
      s.setString(7, t.detail());
      s.setString(8, t.actor());
      s.setLong(9, millis(t.at()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException("the history row of job " + t.jobId() + " failed: " + e.getMessage(), e);
    }
  }

  /** The lease, read inside the transaction. */
  Optional<Lease> lease() {
    try {
      return ReadStatements.lease(writer, failures);
    } catch (SQLException e) {
      throw new DataAccessException("reading the lease failed: " + e.getMessage(), e);
    }
  }

  /** Writes {@code lease} as the lease's one row: inserted when there is none yet, else updated. */
  void putLease(Lease lease, boolean exists) {
    if (!exists) {
      dsl.insertInto(SUPERVISOR_LEASE)
          .set(SUPERVISOR_LEASE.ID, ReadStatements.LEASE_ROW)
          .set(SUPERVISOR_LEASE.HOLDER, lease.holder())
          .set(SUPERVISOR_LEASE.HOST, lease.host())
          .set(SUPERVISOR_LEASE.PID, lease.pid())
          .set(SUPERVISOR_LEASE.ACQUIRED_AT, lease.acquiredAt())
          .set(SUPERVISOR_LEASE.HEARTBEAT, lease.heartbeat())
          .execute();
    } else {
      dsl.update(SUPERVISOR_LEASE)
          .set(SUPERVISOR_LEASE.HOLDER, lease.holder())
          .set(SUPERVISOR_LEASE.HOST, lease.host())
          .set(SUPERVISOR_LEASE.PID, lease.pid())
          .set(SUPERVISOR_LEASE.ACQUIRED_AT, lease.acquiredAt())
          .set(SUPERVISOR_LEASE.HEARTBEAT, lease.heartbeat())
          .where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW))
          .execute();
    }
  }

  /** Moves the heartbeat when {@code holder} holds the lease; returns the rows changed, 0 or 1. */
  int heartbeat(String holder, Instant at) {
    return dsl.update(SUPERVISOR_LEASE)
        .set(SUPERVISOR_LEASE.HEARTBEAT, at)
        .where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW))
        .and(SUPERVISOR_LEASE.HOLDER.eq(holder))
        .execute();
  }

  /**
   * Records how {@code holder}'s latest pass ended on the lease row, when {@code holder} holds the lease: the
   * failure count becomes 0 when {@code problem} is {@code null}, else one more than the count {@code holder} last
   * recorded (counting from 0 when the record is an earlier holder's or there is none).
   *
   * @return the rows changed, 0 or 1
   */
  int recordPass(String holder, Instant at, String problem) {
    Field<Integer> failures = problem == null ? DSL.inline(0)
        : DSL.when(SUPERVISOR_LEASE.LAST_PASS_HOLDER.eq(holder),
                DSL.coalesce(SUPERVISOR_LEASE.LAST_PASS_FAILURES, DSL.inline(0)))
            .otherwise(DSL.inline(0))
            .plus(DSL.inline(1));
    return dsl.update(SUPERVISOR_LEASE)
        .set(SUPERVISOR_LEASE.LAST_PASS_HOLDER, holder)
        .set(SUPERVISOR_LEASE.LAST_PASS_AT, at)
        .set(SUPERVISOR_LEASE.LAST_PASS_FAILURES, failures)
        .set(SUPERVISOR_LEASE.LAST_PASS_PROBLEM, problem)
        .where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW))
        .and(SUPERVISOR_LEASE.HOLDER.eq(holder))
        .execute();
  }

  /** Deletes the lease when {@code holder} holds it. */
  void releaseLease(String holder) {
    dsl.deleteFrom(SUPERVISOR_LEASE)
        .where(SUPERVISOR_LEASE.ID.eq(ReadStatements.LEASE_ROW))
        .and(SUPERVISOR_LEASE.HOLDER.eq(holder))
        .execute();
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  @Override
  public void close() {
    Database.closeQuietly(insert);
    Database.closeQuietly(compareAndSet);
    Database.closeQuietly(appendHistory);
    Database.closeQuietly(running);
    Database.closeQuietly(candidates);
  }
}
