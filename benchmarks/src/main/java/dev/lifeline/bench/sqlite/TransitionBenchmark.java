package dev.lifeline.bench.sqlite;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.internal.BenchEngines;
import java.time.Clock;
import dev.lifeline.Transition;
import dev.lifeline.TransitionRequest;
import dev.lifeline.TransitionResult;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.testing.InMemoryJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Persisted transitions per second on a SQLite file (WAL, synchronous=NORMAL), through {@link Lifecycle} +
 * {@link SqliteJobStore} with either engine, through the store alone, and through raw JDBC (the ceiling: BEGIN
 * IMMEDIATE; the same compare-and-set UPDATE; the same history INSERT; COMMIT; prepared statements reused).
 *
 * <p>Each iteration starts from a fresh file of {@value #JOBS} PROCESSING jobs and walks them step by step:
 * every job EXITED (code 0) to VERIFICATION, then every job REJECT to FAILED, then every job RETRY to QUEUED — the
 * same three row changes and history rows for every contender. {@code batched} fires {@value #BATCH} of those
 * steps per call through {@code Lifecycle.fireAll} (one transaction). {@code decide} measures the engine alone (no
 * write) for the cost per decision.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransitionBenchmark {

  /** Enough for three steps of a one-second iteration at more than twice the raw ceiling. */
  static final int JOBS = 12_000;

  private static final JobEvent[] STEPS = {JobEvent.EXITED, JobEvent.REJECT, JobEvent.RETRY};
  private static final String[][] STATES = {
      {"PROCESSING", "VERIFICATION"}, {"VERIFICATION", "FAILED"}, {"FAILED", "QUEUED"}};
  private static final EventContext[] CONTEXTS = {
      EventContext.exitCode(0), EventContext.detail("output differs"), EventContext.none().withOverride(true)};

  /** The walk over the fixture: which job and which step comes next. */
  abstract static class Walk {
    Path db;
    int next;
    int step;

    void fresh() {
      db = Fixture.database(JOBS, "PROCESSING");
      next = 0;
      step = 0;
    }

    /** Advances to the next (job, step); the index of the job. */
    int advance() {
      if (next == JOBS) {
        next = 0;
        if (++step == STEPS.length) {
          throw new IllegalStateException("the fixture ran out: raise JOBS");
        }
      }
      return next++;
    }
  }

  @State(Scope.Thread)
  public static class LifecycleState extends Walk {
    @Param({"TABLE", "STATE_MACHINE"})
    public String engine;

    SqliteJobStore store;
    Lifecycle lifecycle;
    Job[] jobs;

    @Setup(Level.Iteration)
    public void setUp() {
      fresh();
      store = SqliteJobStore.create(db);
      lifecycle = BenchEngines.lifecycle(BenchEngines.Kind.valueOf(engine), store, Clock.systemUTC(), "bench");
      jobs = snapshots(store);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      store.close();
      Fixture.delete(db);
    }
  }

  @State(Scope.Thread)
  public static class StoreState extends Walk {
    SqliteJobStore store;
    Job[] jobs;

    @Setup(Level.Iteration)
    public void setUp() {
      fresh();
      store = SqliteJobStore.create(db);
      jobs = snapshots(store);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      store.close();
      Fixture.delete(db);
    }
  }

  @State(Scope.Thread)
  public static class RawState extends Walk {
    Connection c;
    PreparedStatement begin;
    PreparedStatement cas;
    PreparedStatement history;
    PreparedStatement commit;

    @Setup(Level.Iteration)
    public void setUp() throws SQLException {
      fresh();
      c = DriverManager.getConnection("jdbc:sqlite:" + db);
      try (var st = c.createStatement()) {
        st.executeUpdate("PRAGMA journal_mode = WAL");
        st.executeUpdate("PRAGMA synchronous = NORMAL");
        st.executeUpdate("PRAGMA busy_timeout = 10000");
        st.executeUpdate("PRAGMA foreign_keys = ON");
      }
      begin = c.prepareStatement("BEGIN IMMEDIATE");
      // The statement jOOQ renders for SqliteJobStore's compare-and-set, and its history insert.
      cas = c.prepareStatement("update job set state = ?, version = ?, attempt = ?, session = ?, owner = ?,"
          + " exit_code = ?, failure_reason = ?, failure_detail = ?, not_before = ?, started_at = ?,"
          + " finished_at = ?, updated_at = ? where (job.id = ? and job.state = ? and job.version = ?)");
      history = c.prepareStatement("insert into job_transition (job_id, attempt, from_state, to_state, event,"
          + " reason, detail, actor, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      commit = c.prepareStatement("COMMIT");
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws SQLException {
      c.close();
      Fixture.delete(db);
    }
  }

  @State(Scope.Thread)
  public static class DecideState {
    @Param({"TABLE", "STATE_MACHINE"})
    public String engine;

    Lifecycle lifecycle;
    Job processing;

    @Setup(Level.Trial)
    public void setUp() {
      InMemoryJobStore memory = new InMemoryJobStore();
      lifecycle = BenchEngines.lifecycle(BenchEngines.Kind.valueOf(engine), memory, Clock.systemUTC(), "bench");
      Job queued = lifecycle.submit(dev.lifeline.JobSpec.builder("run").name("decide").build()).job();
      processing = lifecycle.startNext(1).orElseThrow().job();
      if (!processing.id().equals(queued.id())) {
        throw new IllegalStateException("unexpected job");
      }
    }
  }

  private static Job[] snapshots(SqliteJobStore store) {
    List<Job> all = store.list(JobQuery.all().withLimit(JOBS));
    Job[] out = new Job[JOBS];
    for (Job j : all) {
      out[(int) j.id().value() - 1] = j;
    }
    return out;
  }

  /** Lifecycle.fire: the engine decides from the table, the store writes CAS + history in one transaction. */
  @Benchmark
  public Job lifecycle(LifecycleState s) {
    int i = s.advance();
    Job written = s.lifecycle.fire(s.jobs[i], STEPS[s.step], CONTEXTS[s.step]).job();
    s.jobs[i] = written;
    return written;
  }

  /** How many transitions one {@link #batched} call fires; {@link #JOBS} is a multiple of it. */
  static final int BATCH = 16;

  /**
   * Lifecycle.fireAll: {@value #BATCH} jobs at the same step decided by the engine, then committed in one
   * transaction (each still a compare-and-set with its history row). Counted per transition.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<TransitionResult> batched(LifecycleState s) {
    List<TransitionRequest> requests = new ArrayList<>(BATCH);
    int[] at = new int[BATCH];
    for (int k = 0; k < BATCH; k++) {
      at[k] = s.advance();
      requests.add(new TransitionRequest(s.jobs[at[k]], STEPS[s.step], CONTEXTS[s.step]));
    }
    List<TransitionResult> results = s.lifecycle.fireAll(requests);
    for (int k = 0; k < BATCH; k++) {
      TransitionResult r = results.get(k);
      if (!r.committed()) {
        throw new IllegalStateException("a batched transition nobody else could race was not written: " + r.failure());
      }
      s.jobs[at[k]] = r.change().job();
    }
    return results;
  }

  /** SqliteJobStore.compareAndSet with the change computed by hand: the store's share of {@link #lifecycle}. */
  @Benchmark
  public Job store(StoreState s) {
    int i = s.advance();
    Job job = s.jobs[i];
    Instant now = Instant.now();
    Job.Builder b = job.toBuilder().updatedAt(now).version(job.version() + 1);
    FailureReason reason = null;
    String detail = null;
    switch (s.step) {
      case 0 -> b.state(JobState.VERIFICATION).exitCode(0);
      case 1 -> {
        reason = FailureReason.VERIFICATION_FAILED;
        detail = "output differs";
        b.state(JobState.FAILED).failureReason(reason).failureDetail(detail).finishedAt(now);
      }
      default -> b.state(JobState.QUEUED).notBefore(now).exitCode(null).failureReason(null).failureDetail(null)
          .finishedAt(null);
    }
    Job next = b.build();
    Transition t = new Transition(job.id(), job.attempt(), job.state(), next.state(), STEPS[s.step], reason, detail,
        "bench", now);
    if (!s.store.compareAndSet(job, next, t)) {
      throw new IllegalStateException("lost a compare-and-set nobody else could win");
    }
    s.jobs[i] = next;
    return next;
  }

  /** The ceiling: four reused prepared statements on one auto-commit connection. */
  @Benchmark
  public int rawJdbc(RawState s) throws SQLException {
    int i = s.advance();
    long id = i + 1L;
    long version = s.step + 1L;
    long now = System.currentTimeMillis();
    String from = STATES[s.step][0];
    String to = STATES[s.step][1];
    s.begin.executeUpdate();
    PreparedStatement u = s.cas;
    u.setString(1, to);
    u.setLong(2, version + 1);
    u.setInt(3, 1);
    u.setString(4, "bench-job-" + id + "-1");
    u.setString(5, "bench:1");
    if (s.step < 2) {
      u.setInt(6, 0);
    } else {
      u.setNull(6, Types.INTEGER);
    }
    u.setString(7, s.step == 1 ? "VERIFICATION_FAILED" : null);
    u.setString(8, s.step == 1 ? "output differs" : null);
    if (s.step == 2) {
      u.setLong(9, now);
    } else {
      u.setNull(9, Types.BIGINT);
    }
    u.setLong(10, Fixture.T0 + id);
    if (s.step == 1) {
      u.setLong(11, now);
    } else {
      u.setNull(11, Types.BIGINT);
    }
    u.setLong(12, now);
    u.setLong(13, id);
    u.setString(14, from);
    u.setLong(15, version);
    int changed = u.executeUpdate();
    if (changed != 1) {
      s.commit.executeUpdate();
      throw new IllegalStateException("the CAS changed " + changed + " rows");
    }
    PreparedStatement h = s.history;
    h.setLong(1, id);
    h.setInt(2, 1);
    h.setString(3, from);
    h.setString(4, to);
    h.setString(5, STEPS[s.step].name());
    h.setString(6, s.step == 1 ? "VERIFICATION_FAILED" : null);
    h.setString(7, s.step == 1 ? "output differs" : null);
    h.setString(8, "bench");
    h.setLong(9, now);
    h.executeUpdate();
    s.commit.executeUpdate();
    return changed;
  }

  /** The engine alone: one EXITED decision, nothing written. */
  @Benchmark
  public Object decide(DecideState s) {
    return s.lifecycle.decide(s.processing, JobEvent.EXITED, CONTEXTS[0]);
  }
}
