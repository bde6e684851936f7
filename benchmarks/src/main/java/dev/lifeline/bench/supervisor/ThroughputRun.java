package dev.lifeline.bench.supervisor;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.internal.BenchEngines;
import dev.lifeline.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One measured run in a fresh JVM, started by {@link ThroughputBench}: submits {@code N} no-op jobs to a new SQLite
 * file, then completes them, and prints one line {@code submits/s completions/s}.
 *
 * <ul>
 *   <li>{@code lifeline}: {@code Lifecycle.submit} one call each; then a {@link Supervisor} with the default engine
 *       and an {@link InstantExitRuntime} ticks until every job is COMPLETED (START, EXITED, PASS recorded, each with
 *       its history row, as for a job with no verifiers).
 *   <li>{@code db-scheduler}: {@code SchedulerClient.scheduleIfNotExists} one call each; then a scheduler with 2
 *       threads and a 100 ms poll runs a no-op {@code Tasks.oneTime} task until every one has run; over a HikariCP
 *       pool of 4 SQLite connections.
 * </ul>
 *
 * <p>{@code lifeline-table} is {@code lifeline} deciding with the table engine (§1), to show the engine's share.
 *
 * <p>Usage: {@code ThroughputRun lifeline|lifeline-table|db-scheduler DB_FILE N [MAX_CONCURRENT]}. A main; not thread-safe.
 */
public final class ThroughputRun {

  private ThroughputRun() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    double[] rates = switch (args[0]) {
      case "lifeline" -> lifeline(db, n, args.length > 3 ? Integer.parseInt(args[3]) : 64, false);
      case "lifeline-table" -> lifeline(db, n, args.length > 3 ? Integer.parseInt(args[3]) : 64, true);
      case "db-scheduler" -> dbScheduler(db, n);
      default -> throw new IllegalArgumentException("unknown contender " + args[0]);
    };
    System.out.printf(java.util.Locale.ROOT, "%.1f %.1f%n", rates[0], rates[1]);
  }

  private static double[] lifeline(Path db, int n, int maxConcurrent, boolean tableEngine) {
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = tableEngine
          ? BenchEngines.lifecycle(BenchEngines.Kind.TABLE, store, java.time.Clock.systemUTC(), "bench")
          : Lifecycle.builder().store(store).actor("bench").build();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        lifecycle.submit(JobSpec.builder("true").name("noop-" + i).build());
      }
      long t1 = System.nanoTime();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(new InstantExitRuntime())
          .maxConcurrent(maxConcurrent).build();
      while (store.count(JobState.COMPLETED) < n) {
        supervisor.tick();
      }
      long t2 = System.nanoTime();
      supervisor.close();
      return new double[] {n / seconds(t0, t1), n / seconds(t1, t2)};
    }
  }

  private static double[] dbScheduler(Path db, int n) throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource file = new SQLiteDataSource(config);
    file.setUrl("jdbc:sqlite:" + db);
    // db-scheduler takes a connection per statement: pooled, as its users run it (opening SQLite costs ~1 ms)
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(file);
    pool.setMaximumPoolSize(4);
    HikariDataSource ds = new HikariDataSource(pool);
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("create table scheduled_tasks (task_name text not null, task_instance text not null,"
          + " task_data blob, execution_time timestamp not null, picked boolean not null, picked_by text,"
          + " last_success timestamp, last_failure timestamp, consecutive_failures int, last_heartbeat timestamp,"
          + " version bigint not null, primary key (task_name, task_instance))");
      st.executeUpdate("create index execution_time_idx on scheduled_tasks (execution_time)");
      st.executeUpdate("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
    }
    CountDownLatch done = new CountDownLatch(n);
    OneTimeTask<Void> task = Tasks.oneTime("noop").execute((instance, context) -> done.countDown());
    SqliteLimit sqlite = new SqliteLimit();
    SchedulerClient client = SchedulerClient.Builder.create(ds, task).jdbcCustomization(sqlite).build();
    Instant now = Instant.now();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      client.scheduleIfNotExists(task.instance("noop-" + i), now);
    }
    long t1 = System.nanoTime();
    Scheduler scheduler = Scheduler.create(ds, task).jdbcCustomization(sqlite).threads(2)
        .pollingInterval(Duration.ofMillis(100)).build();
    scheduler.start();
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("db-scheduler ran " + (n - done.getCount()) + " of " + n + " in 10 minutes");
    }
    long t2 = System.nanoTime();
    scheduler.stop();
    ds.close();
    return new double[] {n / seconds(t0, t1), n / seconds(t1, t2)};
  }

  /**
   * db-scheduler 16.7.1 has no SQLite customization (16.12.0 has one) and writes the ANSI {@code OFFSET … FETCH},
   * which SQLite does not parse: the defaults with SQLite's {@code LIMIT}, timestamps kept in UTC.
   */
  private static final class SqliteLimit extends DefaultJdbcCustomization {
    SqliteLimit() {
      super(true);
    }

    @Override
    public String getName() {
      return "SQLite (LIMIT)";
    }

    @Override
    public String getQueryLimitPart(int limit) {
      return " LIMIT " + limit;
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
