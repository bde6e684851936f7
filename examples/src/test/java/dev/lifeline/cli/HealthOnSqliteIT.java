package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.EventContext;
import dev.lifeline.HealthProblem;
import dev.lifeline.HealthQuery;
import dev.lifeline.HealthReport;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.Lifecycle;
import dev.lifeline.LifelineView;
import dev.lifeline.TransitionException;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI holds no health rule, on real SQLite files: over seeded random store states, the real {@code health --json}
 * answers what {@link LifelineView} reports on the same database. Every row change lies 5 minutes plus a multiple of
 * 20 minutes in the past (and retries back off for an hour), so no age is near a threshold although the CLI and the
 * view read the system clock a moment apart.
 */
class HealthOnSqliteIT {

  private static final JobEvent[] MOVES = {JobEvent.EXITED, JobEvent.PASS, JobEvent.REJECT, JobEvent.CANCEL,
      JobEvent.RETRY};
  private static final String[] STUCK_AFTER = {"1m", "10m", "1h", "1d"};

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  @Test
  void healthJsonEqualsTheViewsReportOnTheSameDatabase() throws Exception {
    int withStuck = 0;
    int withLease = 0;
    int withHeldBack = 0;
    int passesFailing = 0;
    for (long seed = 1; seed <= 8; seed++) {
      Random random = new Random(seed);
      Path db = dir.resolve("jobs-" + seed + ".db");
      randomState(db, random);
      String stuckAfter = STUCK_AFTER[random.nextInt(STUCK_AFTER.length)];

      Cli.Result r = RealCli.run("--db", db.toString(), "--socket", socket, "health", "--json", "--stuck-after",
          stuckAfter);
      HealthReport core;
      Wiring w = new SqliteTmuxWiring(db, socket, "tmux");
      try (var store = w.openForRead(); var runtime = w.runtime()) {
        core = LifelineView.builder().store(store).runtime(runtime).clock(Clock.systemUTC()).build()
            .health(HealthQuery.defaults().withStuckAfter(DurationConverter.parse(stuckAfter)));
      }

      HealthAnswersComeFromCoreTest.assertSameAnswers("seed " + seed + ": " + r.out() + r.err(), r, core,
          m -> m.replaceAll("\\d+(\\.\\d)?(ms|s|m\\d\\ds|h\\d\\dm|d\\d\\dh)", "AGE"));
      withStuck += core.stuck().isEmpty() ? 0 : 1;
      withLease += core.lease().isEmpty() ? 0 : 1;
      withHeldBack += core.heldBack().isEmpty() ? 0 : 1;
      passesFailing += core.problems(HealthProblem.PassesFailing.class).isEmpty() ? 0 : 1;
    }
    assertThat(withStuck).as("states with stuck jobs").isBetween(1, 7);
    assertThat(withLease).as("states with a lease").isPositive();
    assertThat(withHeldBack).as("states with held-back jobs").isPositive();
    assertThat(passesFailing).as("states whose supervisor keeps failing").isPositive();
  }

  private static void randomState(Path db, Random random) {
    int jobs = 1 + random.nextInt(8);
    List<Integer> steps = new ArrayList<>();
    for (int i = 0; i < jobs * 3; i++) {
      steps.add(random.nextInt(2));   // whole 20-minute steps of the clock between changes
    }
    int total = steps.stream().mapToInt(Integer::intValue).sum();
    Instant now = Instant.now();
    MutableClock clock = new MutableClock(now.minus(Duration.ofMinutes(5 + 20L * total)));
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("test")
          .backoff(new Backoff(Duration.ofHours(1), 1.0, Duration.ofHours(1))).build();
      int step = 0;
      for (int i = 0; i < jobs; i++) {
        lifecycle.submit(JobSpec.builder("true").priority(random.nextInt(3)).maxAttempts(1 + random.nextInt(3))
            .build());
        clock.advance(Duration.ofMinutes(20L * steps.get(step++)));
      }
      for (int i = 0; i < jobs * 2; i++) {
        if (random.nextInt(3) == 0) {
          lifecycle.startNext(1 + random.nextInt(6));
        } else {
          JobEvent event = MOVES[random.nextInt(MOVES.length)];
          EventContext context = event == JobEvent.EXITED ? EventContext.exitCode(random.nextInt(2))
              : event == JobEvent.REJECT ? EventContext.detail("no") : EventContext.none();
          try {
            lifecycle.fire(JobId.of(1 + random.nextInt(jobs)), event, context);
          } catch (TransitionException refused) {
            // not allowed from where the job is: the state stays as it is
          }
        }
        clock.advance(Duration.ofMinutes(20L * steps.get(step++)));
      }
      int lease = random.nextInt(3);
      if (lease > 0) {
        Instant beat = lease == 1 ? Instant.now() : clock.instant();   // fresh, or stale by 5 minutes
        store.leases().tryAcquire(new Lease("host:1", "host", 1, beat, beat), beat, Duration.ofSeconds(30),
            l -> false);
        for (int i = random.nextInt(5); i > 0; i--) {
          store.leases().recordPass("host:1", beat, "pass " + i + " failed");
        }
      }
    }
  }
}
