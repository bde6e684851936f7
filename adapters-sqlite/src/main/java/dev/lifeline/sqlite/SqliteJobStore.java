package dev.lifeline.sqlite;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.UnreadableRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A {@link JobStore} in one SQLite file over sqlite-jdbc: writes through jOOQ, reads through plain JDBC.
 *
 * <ul>
 *   <li>The schema comes from versioned scripts applied in one {@code BEGIN IMMEDIATE} transaction and tracked by
 *       {@code PRAGMA user_version}; a file written by a newer Lifeline is refused and left untouched.
 *   <li>Every change is one transaction that starts with {@code BEGIN IMMEDIATE}: the compare-and-set
 *       {@code UPDATE … WHERE id=? AND state=? AND version=?} plus its history row. {@link #claimNext} counts,
 *       picks, decides and writes inside one such transaction, so no job is claimed twice, across threads or
 *       processes.
 *   <li>The file runs in WAL mode with {@code synchronous=NORMAL} (a committed change survives a crash of the
 *       process; the last ones may be lost on power loss) unless {@link Synchronous#FULL} is chosen.
 *   <li>Reads use a connection that cannot write, through plain JDBC: a store that is only read never loads jOOQ,
 *       which keeps one-shot commands quick to start. A missing file is created with owner-only permissions.
 *   <li>Failures are {@link StoreException}s whose one-sentence message names the file; see
 *       {@link StoreException.Kind}.
 * </ul>
 *
 * <p>Times are stored as epoch milliseconds, so the jobs this store returns carry instants truncated to the
 * millisecond. Thread-safe: writes are serialised on one connection by a lock; reads run on another.
 */
public final class SqliteJobStore implements JobStore {

  /** How hard commits are pushed to the disk ({@code PRAGMA synchronous}). */
  public enum Synchronous {
    /** Survives a crash of the process; the last commits may be lost on power loss or an OS crash. */
    NORMAL,
    /** Every commit is synced to the disk before it returns: survives power loss, about 3× slower here. */
    FULL
  }

  /** The most QUEUED candidates a claim reads at a time. */
  private static final int CLAIM_PAGE = 64;

  private final Database db;
  private final SqliteLeases leases;
  private final SqliteControls controls;
  private final SqliteOutbox outbox;
  /** Null for a store opened to read only, or in memory: it never watches. */
  private final boolean onFile;
  private final boolean mayWrite;
  private volatile CommitWatcher watcher; // a read-only store's is made by its first wait

  private SqliteJobStore(Database db, boolean mayWrite) {
    this.db = db;
    this.leases = new SqliteLeases(db);
    this.controls = new SqliteControls(db);
    this.outbox = new SqliteOutbox(db);
    this.onFile = db.file() != null;
    this.mayWrite = mayWrite;
    this.watcher = onFile && mayWrite ? new CommitWatcher(db, db.file(), false) : null;
  }

  /**
   * Opens {@code file}, creating it (owner-only permissions) and migrating it to the latest schema as needed,
   * with the defaults: busy timeout 10 s, {@link Synchronous#NORMAL}. The path is resolved to the real file first
   * ({@link #realPath()}); what is there must be a regular file (a directory, a named pipe, a device or a symbolic
   * link that leads nowhere is refused without being opened).
   *
   * @throws StoreException when the file cannot be used (locked, damaged, too new, not accessible, not a file)
   */
  public static SqliteJobStore create(Path file) {
    return builder(file).build();
  }

  /**
   * Uses the SQLite database behind {@code dataSource}, migrating it to the latest schema. Connections are kept as
   * the data source configures them (busy timeout, synchronous), except that the database is switched to WAL,
   * connections are put in auto-commit mode and foreign keys are enforced. Two connections are held until
   * {@link #close()}: one writer and one reader (set {@code query_only}); an in-memory database uses one.
   *
   * @throws IllegalArgumentException when the data source is not SQLite
   * @throws StoreException when the database cannot be used
   */
  public static SqliteJobStore create(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new SqliteJobStore(Opener.open(dataSource), true);
  }

  /** A builder for a store on {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The schema version this program writes: the number of migration scripts it carries. */
  public static int latestSchemaVersion() {
    return Migrator.latest();
  }

  /**
   * The real path of the database file: every symbolic link resolved (for a file this store created, the real path
   * of its directory and its name). Two paths to one file give one real path, so whatever is keyed on the store
   * (its run directory, a run id, a lease holder) should be derived from this. {@code null} for an in-memory
   * database opened from a DataSource.
   */
  public Path realPath() {
    return db.file();
  }

  /** The database file: the same as {@link #realPath()}. */
  public Path file() {
    return db.file();
  }

  /** The schema version the file has now ({@code PRAGMA user_version}); reads only. */
  public int schemaVersion() {
    return db.read(c -> Database.intPragma(c, "user_version"));
  }

  /**
   * Runs SQLite's {@code PRAGMA quick_check}: returns {@code "ok"} when the file is sound, else what is wrong (for
   * {@code doctor}). Takes time proportional to the size of the file; reads only.
   *
   * @throws StoreException when the file cannot be read at all (locked, not accessible)
   */
  public String quickCheck() {
    try {
      return db.read(c -> {
        List<String> problems = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA quick_check")) {
          while (rs.next()) {
            problems.add(rs.getString(1));
          }
        }
        return problems.equals(List.of("ok")) ? "ok" : String.join("; ", problems);
      });
    } catch (StoreException e) {
      if (e.kind() == Kind.CORRUPT) {
        return e.getMessage();
      }
      throw e;
    }
  }

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(now, "now");
    return db.write(w -> {
      if (idempotencyKey != null) {
        Optional<Job> existing = w.jobByKey(idempotencyKey);
        if (existing.isPresent()) {
          return new Inserted(existing.get(), false);
        }
      }
      for (JobId dependency : spec.after()) {
        if (w.job(dependency).isEmpty()) {
          throw new JobNotFoundException(dependency);
        }
      }
      JobId id = w.insert(spec, idempotencyKey, now);
      Job job = JobRows.asStored(Job.queued(id, spec, idempotencyKey, now));
      Transition submit = new Transition(id, 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor,
          job.createdAt());
      w.appendHistory(submit);
      w.writeDeliveries(job, submit);
      return new Inserted(job, true);
    });
  }

  /** {@inheritDoc} <p>A range of the {@code job_dependency_on} index; none on a file older than schema version 4. */
  @Override
  public List<JobId> dependents(JobId id) {
    Objects.requireNonNull(id, "id");
    if (db.openedVersion() < 4) {
      return List.of();
    }
    return db.read(c -> ReadStatements.dependents(c, id));
  }

  /**
   * {@inheritDoc} <p>One statement whose cost is that of the QUEUED jobs; none on a file older than schema version 4
   * (no job there waits for another).
   */
  @Override
  public List<Job> listAbandonable(int limit, Consumer<UnreadableRow> unreadable) {
    Objects.requireNonNull(unreadable, "unreadable");
    positive(limit);
    if (db.openedVersion() < 4) {
      return List.of();
    }
    return db.read(c -> ReadStatements.abandonable(c, limit, unreadable));
  }

  @Override
  public Optional<Job> find(JobId id) {
    Objects.requireNonNull(id, "id");
    return db.read(c -> ReadStatements.job(c, id, db.failures()));
  }

  @Override
  public List<Job> list(JobQuery query) {
    Objects.requireNonNull(query, "query");
    JobQuery q = forOpenedVersion(query);
    return q == null ? List.of() : db.read(c -> ReadStatements.newestJobs(c, q, db.failures(), null));
  }

  /**
   * {@code query} as this file can answer it: a file older than schema version 4 (read only) has no groups, so every
   * job there is in the default group; {@code null} when no job can match.
   */
  private JobQuery forOpenedVersion(JobQuery query) {
    if (query.group() == null || db.openedVersion() >= 4) {
      return query;
    }
    return query.group().equals(JobSpec.DEFAULT_GROUP) ? query.withGroup(null) : null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A row is unreadable when a column holds what Lifeline never writes: an unknown state or failure reason, argv,
   * env or verifiers that are not counted-string lists, a negative attempt or version, text where a number belongs,
   * a NULL where a value is required. The {@link UnreadableRow#reason()} names the column and the value. Rows in a
   * state that is not a known one match no state filter, so only a query without one meets them.
   */
  @Override
  public List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> unreadable) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(unreadable, "unreadable");
    JobQuery q = forOpenedVersion(query);
    return q == null ? List.of() : db.read(c -> ReadStatements.newestJobs(c, q, db.failures(), unreadable));
  }

  /** {@inheritDoc} <p>A range read of the {@code job_retryable} index: jobs that failed for good are never visited. */
  @Override
  public List<Job> listRetryable(int limit, Consumer<UnreadableRow> unreadable) {
    Objects.requireNonNull(unreadable, "unreadable");
    positive(limit);
    return db.read(c -> ReadStatements.retryable(c, limit, unreadable));
  }

  /** {@inheritDoc} <p>A range read of the claim index, cut at {@code limit}. */
  @Override
  public List<Job> listClaimable(Instant now, int limit, Consumer<UnreadableRow> unreadable) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(unreadable, "unreadable");
    positive(limit);
    return db.read(c -> ReadStatements.claimable(c, now, limit, unreadable));
  }

  @Override
  public long count(JobState state) {
    Objects.requireNonNull(state, "state");
    return db.read(c -> ReadStatements.countInState(c, state));
  }

  private static void positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  @Override
  public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
    return claimAll(now, maxConcurrent, 1, start).stream().findFirst();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Claims in one {@code BEGIN IMMEDIATE} transaction: one count, then the candidates in claim order.
   */
  @Override
  public List<Job> claimAll(Instant now, int maxConcurrent, int limit, ClaimDecider start) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(start, "start");
    positive(limit);
    if (maxConcurrent <= 0) {
      return List.of();
    }
    return db.write(w -> {
      List<Job> claimed = new ArrayList<>();
      int running = w.count(JobState.PROCESSING, maxConcurrent);
      List<Job> page = new ArrayList<>();
      // The first page holds as many as may be claimed (one row for claimNext, nearly always taken); claimed rows
      // leave QUEUED inside this transaction, so a later page skips only what was left. A candidate row that does
      // not decode is skipped: one damaged job never stops the others from starting.
      for (int offset = 0, size = Math.min(limit, CLAIM_PAGE); running < maxConcurrent && claimed.size() < limit; ) {
        page.clear();
        int rows = w.candidates(now, size, offset, page);
        int taken = 0;
        for (Job candidate : page) {
          if (running >= maxConcurrent || claimed.size() >= limit) {
            break;
          }
          Optional<Change> change = start.decide(candidate, running);
          if (change.isPresent() && write(w, candidate, change.get().next(), change.get().transition())) {
            claimed.add(JobRows.asStored(change.get().next()));
            running++;
            taken++;
          }
        }
        if (rows < size) {
          break;
        }
        offset += rows - taken; // what this page left QUEUED (refused, or undecodable) is passed over next time
        size = CLAIM_PAGE;
      }
      return claimed;
    });
  }

  /** {@inheritDoc} <p>All in one {@code BEGIN IMMEDIATE} transaction, with the statements kept prepared. */
  @Override
  public List<Boolean> compareAndSetAll(List<Swap> swaps) {
    Objects.requireNonNull(swaps, "swaps");
    Swap.checkDistinct(swaps);
    for (Swap sw : swaps) {
      JobRows.checkChange(sw.expected(), sw.next(), sw.transition());
    }
    if (swaps.isEmpty()) {
      return List.of();
    }
    return db.write(w -> {
      List<Boolean> applied = new ArrayList<>(swaps.size());
      for (Swap sw : swaps) {
        applied.add(write(w, sw.expected(), sw.next(), sw.transition()));
      }
      return applied;
    });
  }

  @Override
  public boolean compareAndSet(Job expected, Job next, Transition transition) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(transition, "transition");
    JobRows.checkChange(expected, next, transition);
    return db.write(w -> write(w, expected, next, transition));
  }

  /** The compare-and-set UPDATE and, when it hit, the history row; inside a write transaction. */
  private static boolean write(WriteStatements w, Job expected, Job next, Transition transition) {
    JobRows.checkChange(expected, next, transition);
    if (w.compareAndSet(expected, next) != 1) {
      return false;
    }
    w.appendHistory(transition);
    w.writeDeliveries(next, transition);
    return true;
  }

  @Override
  public List<Transition> history(JobId id) {
    Objects.requireNonNull(id, "id");
    return db.read(c -> ReadStatements.history(c, id, db.failures()));
  }

  @Override
  public Map<JobState, Long> counts() {
    return db.read(ReadStatements::counts);
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  /** {@inheritDoc} <p>The tables {@code job_group}, {@code store_control} and {@code control_change}. */
  @Override
  public dev.lifeline.spi.ControlStore controls() {
    return controls;
  }

  /** {@inheritDoc} <p>The tables {@code hook} and {@code delivery}, and the column {@code job.hooks}. */
  @Override
  public dev.lifeline.spi.OutboxStore outbox() {
    return outbox;
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code true} for a store on a file, opened with migrations (the default; what a supervisor uses) or to read
   * only ({@link Builder#migrate(boolean) migrate(false)}: a live view, {@code lifeline wait}); a store in memory
   * never watches.
   */
  @Override
  public boolean signalsChanges() {
    return onFile;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Watches the database's directory for its file and its {@code -wal} (from the first call until
   * {@link #close()}) and reads {@code PRAGMA data_version} on the writing connection, which changes only when
   * another connection committed: another process's submit or operator verb wakes it within milliseconds, this
   * store's own writes never do. A store opened read-only reads it on its reading connection, counting from its
   * first call (it writes nothing, so every change is another's). A store that {@linkplain #signalsChanges() does
   * not signal} returns {@code false} at once.
   */
  @Override
  public boolean awaitChange(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    CommitWatcher w = watcher();
    if (w == null || db.isClosed()) {
      return false;
    }
    try {
      return w.await(timeout);
    } catch (IllegalStateException closedMeanwhile) {
      if (db.isClosed()) {
        return false;
      }
      throw closedMeanwhile;
    }
  }

  private CommitWatcher watcher() {
    CommitWatcher w = watcher;
    if (w == null && onFile && !mayWrite) {
      synchronized (this) {
        if (watcher == null && !db.isClosed()) {
          watcher = new CommitWatcher(db, db.file(), true);
        }
        w = watcher;
      }
    }
    return w;
  }

  /**
   * Stops watching for changes and closes both connections; the last one to close folds the WAL back into the file.
   * Idempotent.
   */
  @Override
  public void close() {
    CommitWatcher w;
    synchronized (this) {
      w = watcher;
    }
    if (w != null) {
      w.close();
    }
    db.close();
  }

  @Override
  public String toString() {
    return "SqliteJobStore[" + db.failures().label() + "]";
  }

  /** Mutable builder for {@link SqliteJobStore}; not thread-safe. */
  public static final class Builder {
    private final Path file;
    private Duration busyTimeout = Duration.ofSeconds(10);
    private Synchronous synchronous = Synchronous.NORMAL;
    private boolean migrate = true;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /** How long a write waits for another process's lock before failing with BUSY (default 10 s). */
    public Builder busyTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, got "
            + timeout);
      }
      this.busyTimeout = timeout;
      return this;
    }

    /** {@code PRAGMA synchronous} of the writing connection (default {@link Synchronous#NORMAL}). */
    public Builder synchronous(Synchronous synchronous) {
      this.synchronous = Objects.requireNonNull(synchronous, "synchronous");
      return this;
    }

    /**
     * Whether to create a missing file and apply missing migrations (default {@code true}). With {@code false},
     * opening writes nothing: a missing or empty file, or a schema newer than this program's, is refused with a
     * {@link StoreException}. A file at an older schema version (from before an upgrade) is read as it is: every
     * read works ({@code leases().lastPass()} is empty on version 1, which has no pass record), every write is
     * refused with a {@link StoreException} saying to open it once with migrations, and the file's bytes stay as
     * they were. Read-only commands use {@code false}; on a file at this program's version the store still writes
     * when asked to.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws StoreException when the file cannot be used
     */
    public SqliteJobStore build() {
      return new SqliteJobStore(Opener.open(file, busyTimeout, synchronous, migrate), migrate);
    }
  }
}
