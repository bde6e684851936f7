package dev.lifeline.bench.sqlite;

import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.Lifecycle;
import dev.lifeline.internal.BenchEngines;
import dev.lifeline.internal.BenchEngines.Kind;
import java.time.Clock;
import dev.lifeline.sqlite.SqliteJobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Claims per second from two OS processes on one file, through {@link Lifecycle#startNext} on
 * {@link SqliteJobStore}. {@code run N ROUNDS MODE [ENGINE]} fills a file with N QUEUED jobs, starts two workers of this
 * class that each warm up on a private file and then start at the same wall-clock instant, and prints the total
 * rate of each round after checking that every job was claimed exactly once. MODE {@code claim} only claims (the
 * PROCESSING count grows to N, and every claim counts it); {@code claim+exit} also fires EXITED right after each
 * claim, as a supervisor with few running jobs would, and counts only the claims. {@code raw} and {@code raw+exit}
 * are the ceilings: the same statements in raw JDBC (BEGIN IMMEDIATE; count; first candidate; CAS UPDATE; history
 * INSERT; COMMIT; and for {@code +exit} a second CAS + history transaction), prepared once.
 */
public final class TwoProcessClaims {

  private TwoProcessClaims() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "run" -> run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "claim",
          args.length > 4 ? args[4] : Kind.STATE_MACHINE.name());
      case "work" -> work(Path.of(args[1]), Long.parseLong(args[2]), args[3], Kind.valueOf(args[4]));
      default -> throw new IllegalArgumentException(
          "usage: run N ROUNDS [claim|claim+exit|raw|raw+exit] [STATE_MACHINE|TABLE]");
    }
  }

  private static void run(int jobs, int rounds, String mode, String engine) throws Exception {
    List<Double> rates = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Path db = Fixture.database(jobs, "QUEUED");
      long startAt = System.currentTimeMillis() + 4_000;
      List<Process> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        workers.add(new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
            TwoProcessClaims.class.getName(), "work", db.toString(), Long.toString(startAt), mode, engine)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start());
      }
      long first = Long.MAX_VALUE;
      long last = 0;
      List<Integer> split = new ArrayList<>();
      for (Process p : workers) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          throw new IllegalStateException("a worker failed: " + out);
        }
        String[] f = out.split(" "); // claimed startMicros endMicros
        split.add(Integer.parseInt(f[0]));
        first = Math.min(first, Long.parseLong(f[1]));
        last = Math.max(last, Long.parseLong(f[2]));
      }
      verify(db, jobs, split);
      double rate = jobs / ((last - first) / 1e6);
      rates.add(rate);
      System.out.printf(Locale.ROOT, "round %d: %,.0f claims/s (split %s)%n", round, rate, split);
      Fixture.delete(db);
    }
    rates.sort(null);
    System.out.printf(Locale.ROOT, "%s (%s engine), 2 processes, %,d jobs: min %,.0f / median %,.0f / max %,.0f"
        + " claims/s%n", mode, mode.startsWith("raw") ? "no" : engine, jobs, rates.get(0), rates.get(rates.size() / 2),
        rates.get(rates.size() - 1));
  }

  private static void verify(Path db, int jobs, List<Integer> split) throws SQLException {
    int claimed = split.stream().mapToInt(Integer::intValue).sum();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT job_id) FROM job_transition"
            + " WHERE event = 'START'")) {
      rs.next();
      if (claimed != jobs || rs.getInt(1) != jobs || rs.getInt(2) != jobs) {
        throw new IllegalStateException("claimed " + claimed + ", START rows " + rs.getInt(1) + ", distinct "
            + rs.getInt(2) + ", expected " + jobs + " of each");
      }
    }
  }

  private static void work(Path db, long startAt, String mode, Kind engine) throws Exception {
    boolean exit = mode.endsWith("+exit");
    if (mode.startsWith("raw")) {
      Path warm = Fixture.database(3_000, "QUEUED");
      try (RawClaimer w = new RawClaimer(warm)) {
        w.drain(exit);
      }
      Fixture.delete(warm);
      try (RawClaimer claimer = new RawClaimer(db)) {
        long wait = startAt - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        long start = micros();
        int n = claimer.drain(exit);
        long end = micros();
        System.out.println(n + " " + start + " " + end);
      }
      return;
    }
    Path warm = Fixture.database(3_000, "QUEUED");
    drain(warm, exit, engine);
    Fixture.delete(warm);
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = BenchEngines.lifecycle(engine, store, Clock.systemUTC(), Lifecycle.Builder.defaultActor());
      long wait = startAt - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      long start = micros();
      int n = drain(lifecycle, exit);
      long end = micros();
      System.out.println(n + " " + start + " " + end);
    }
  }

  private static int drain(Path db, boolean exit, Kind engine) {
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      return drain(BenchEngines.lifecycle(engine, store, Clock.systemUTC(), Lifecycle.Builder.defaultActor()), exit);
    }
  }

  private static int drain(Lifecycle lifecycle, boolean exit) {
    int n = 0;
    for (Optional<dev.lifeline.JobChange> job; (job = lifecycle.startNext(Integer.MAX_VALUE)).isPresent(); n++) {
      if (exit) {
        lifecycle.fire(job.get().job(), JobEvent.EXITED, EventContext.exitCode(0));
      }
    }
    return n;
  }

  private static long micros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  private static String javaBin() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

}
