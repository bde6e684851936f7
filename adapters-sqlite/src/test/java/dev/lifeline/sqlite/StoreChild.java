package dev.lifeline.sqlite;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobChange;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.TransitionException;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Lease;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The child process of the multi-process tests: {@code claim DB}, {@code churn DB SEED} or {@code migrate DB}. Each
 * prints {@code ready}, waits for a line on stdin (so that siblings start together), does its work and prints
 * what it did; any failure prints a stack trace and exits 1. {@code read-then-write DB} (for a class-load log)
 * starts at once.
 */
public final class StoreChild {

  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try {
      switch (args[0]) {
        case "claim" -> claim(Path.of(args[1]), out);
        case "churn" -> churn(Path.of(args[1]), Long.parseLong(args[2]), out, false);
        case "churn-batched" -> churn(Path.of(args[1]), Long.parseLong(args[2]), out, true);
        case "migrate" -> migrate(Path.of(args[1]), out);
        case "read-then-write" -> readThenWrite(Path.of(args[1]), out);
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
      out.flush();
      System.exit(0);
    } catch (Throwable t) {
      out.flush();
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void awaitGo(PrintStream out) throws Exception {
    out.println("ready");
    out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  /** Claims through the full stack until nothing is left; prints one {@code claimed ID} line per job. */
  private static void claim(Path db, PrintStream out) throws Exception {
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).build();
      awaitGo(out);
      int n = 0;
      for (Optional<JobChange> job; (job = lifecycle.startNext(Integer.MAX_VALUE)).isPresent(); n++) {
        out.println("claimed " + job.get().id());
      }
      out.println("done " + n);
    }
  }

  /**
   * Fires random legal-looking events forever (until killed); refusals and lost races are expected. When
   * {@code batched}, starts go through {@code startAll} and events through {@code fireAll}, up to 40 jobs per batch.
   */
  private static void churn(Path db, long seed, PrintStream out, boolean batched) throws Exception {
    Random random = new Random(seed);
    SqliteJobStore store = SqliteJobStore.create(db);
    Lifecycle lifecycle = Lifecycle.builder().store(store).actor("churn-" + seed).build();
    long fired = 0;
    while (true) {
      if (fired == 50) {
        out.println("ready");
        out.flush();
      }
      int dice = random.nextInt(10);
      try {
        if (dice == 0) {
          lifecycle.submit(JobSpec.builder("work", "--n=" + fired).name("churn " + fired).priority(random.nextInt(3))
              .maxAttempts(3).build());
        } else if (dice <= 2) {
          if (batched) {
            lifecycle.startAll(8);
          } else {
            lifecycle.startNext(8);
          }
        } else if (batched) {
          List<dev.lifeline.TransitionRequest> batch = new java.util.ArrayList<>();
          for (Job job : lifecycle.list(java.util.Set.of(), 40)) {
            batch.add(new dev.lifeline.TransitionRequest(job, event(job.state(), random), context(random)));
          }
          lifecycle.fireAll(batch);
        } else {
          JobState state = JobState.values()[random.nextInt(JobState.values().length)];
          List<Job> jobs = lifecycle.list(java.util.Set.of(state), 20);
          if (jobs.isEmpty()) {
            lifecycle.submit(JobSpec.builder("work").name("filler").maxAttempts(2).build());
          } else {
            Job job = jobs.get(random.nextInt(jobs.size()));
            lifecycle.fire(job, event(job.state(), random), context(random));
          }
        }
        fired++;
      } catch (TransitionException expected) {
        // a guard refused or the row moved on: part of the game
      }
    }
  }

  private static JobEvent event(JobState state, Random random) {
    return switch (state) {
      case QUEUED -> random.nextInt(4) == 0 ? JobEvent.CANCEL : JobEvent.START;
      case PROCESSING -> List.of(JobEvent.EXITED, JobEvent.EXITED, JobEvent.LOST, JobEvent.CANCEL)
          .get(random.nextInt(4));
      case VERIFICATION -> List.of(JobEvent.PASS, JobEvent.REJECT, JobEvent.CANCEL).get(random.nextInt(3));
      case FAILED, COMPLETED -> JobEvent.RETRY;
    };
  }

  private static EventContext context(Random random) {
    return EventContext.exitCode(random.nextInt(3) == 0 ? 1 : 0)
        .withReason(random.nextBoolean() ? FailureReason.SESSION_LOST : null)
        .withDetail("because " + random.nextInt(100))
        .withOverride(random.nextInt(4) == 0);
  }

  /**
   * Opens {@code db} without migrations, calls every read method and closes the store; then loads {@link ReadsDone},
   * whose line in a class-load log marks where the reads ended; then writes one job through a second store.
   */
  private static void readThenWrite(Path db, PrintStream out) {
    try (SqliteJobStore store = SqliteJobStore.builder(db).migrate(false).build()) {
      List<Job> jobs = store.list(new JobQuery(Set.of(), 100));
      out.println("listed " + jobs.size());
      out.println("listed in two states " + store.list(JobQuery.inStates(JobState.QUEUED, JobState.FAILED)).size());
      out.println("found " + store.find(jobs.get(0).id()).map(Job::id).orElseThrow());
      out.println("history " + store.history(jobs.get(0).id()).size());
      out.println("counts " + store.counts());
      out.println("lease " + store.leases().current().map(Lease::holder).orElse("none"));
      out.println("schema " + store.schemaVersion() + " " + store.quickCheck());
    }
    ReadsDone.mark();
    try (SqliteJobStore store = SqliteJobStore.builder(db).migrate(false).build()) {
      out.println("inserted " + store.insert(JobSpec.builder("echo").build(), null, Instant.now()).job().id());
    }
  }

  /** Loaded only once the reads are done: the boundary in a class-load log. */
  static final class ReadsDone {
    private ReadsDone() {}

    static void mark() {
      // loading this class is the point
    }
  }

  private static void migrate(Path db, PrintStream out) throws Exception {
    awaitGo(out);
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      out.println("version " + store.schemaVersion());
    }
  }
}
