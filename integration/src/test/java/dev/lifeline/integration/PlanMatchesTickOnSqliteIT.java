package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.Lifecycle;
import dev.lifeline.LifelineException;
import dev.lifeline.EventContext;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.Verdict;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plan()} is what {@code tick()} then does on a real SQLite file: over seeded random scenarios (priorities,
 * retries, timeouts, verifiers, operators, a START guard), before every pass the plan's actions and notices equal the
 * pass's and the plan leaves every row and history as it was. Sessions come from the fake runtime, so the store is
 * the only real part and the comparison is exact.
 */
class PlanMatchesTickOnSqliteIT {

  @TempDir
  Path dir;

  static Stream<Long> seeds() {
    return IntStream.range(0, 40).mapToObj(i -> 0x5017E000L + i);
  }

  /** Verifier runs held until the scenario lets them run, as a verifier pool that has not got to them yet. */
  private static final class HeldExecutor implements Executor {
    final Deque<Runnable> held = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void runAll() {
      while (!held.isEmpty()) {
        held.poll().run();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void planEqualsTheTickThatFollowsOnARealDatabase(long seed) {
    Random r = new Random(seed);
    MutableClock clock = MutableClock.startingAt2026();
    FakeSessionRuntime runtime = new FakeSessionRuntime(clock);
    HeldExecutor verifiers = new HeldExecutor();
    try (SqliteJobStore store = SqliteJobStore.create(dir.resolve("plan-" + seed + ".db"))) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("it")
          .backoff(r.nextBoolean() ? Backoff.none() : Backoff.defaults())
          .guard(JobEvent.START, "not-held", c -> c.job().name().startsWith("held")
              ? JobGuard.refuse("its name says held") : JobGuard.allow())
          .verifier("ok", job -> Verdict.passed())
          .verifier("no", job -> Verdict.failed("the output is wrong"))
          .build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
          .maxConcurrent(1 + r.nextInt(3)).lostAfter(1 + r.nextInt(2)).startGrace(Duration.ofSeconds(5))
          .verifierExecutor(verifiers)
          .build();
      int steps = 10 + r.nextInt(25);
      int pass = 0;
      for (int i = 0; i < steps; i++) {
        switch (r.nextInt(10)) {
          case 0, 1 -> lifecycle.submit(randomSpec(r));
          case 2, 3, 4 -> compare(lifecycle, supervisor, seed, pass++);
          case 5 -> clock.advance(Duration.ofSeconds(r.nextInt(4) == 0 ? 3600 : r.nextInt(40)));
          case 6 -> pick(runtime, r).ifPresent(h -> runtime.exit(h.jobId(), r.nextInt(3) == 0 ? 1 : 0));
          case 7 -> pick(runtime, r).ifPresent(h -> runtime.vanish(h.jobId()));
          case 8 -> verifiers.runAll();
          default -> operator(lifecycle, r);
        }
      }
      compare(lifecycle, supervisor, seed, pass);
      supervisor.close();
    }
  }

  private static JobSpec randomSpec(Random r) {
    String name = (r.nextInt(6) == 0 ? "held-" : "job-") + r.nextInt(100);
    JobSpec.Builder b = JobSpec.builder("run", name).name(name).priority(r.nextInt(3)).maxAttempts(1 + r.nextInt(3));
    if (r.nextInt(3) == 0) {
      b.timeout(Duration.ofSeconds(30 + r.nextInt(120)));
    }
    switch (r.nextInt(5)) {
      case 0 -> b.verify(new VerifierSpec.Custom("ok", null));
      case 1 -> b.verify(new VerifierSpec.Custom("no", null));
      case 2 -> b.verify(new VerifierSpec.Approval());
      default -> { }
    }
    return b.build();
  }

  private static java.util.Optional<SessionHandle> pick(FakeSessionRuntime runtime, Random r) {
    List<SessionHandle> running = new ArrayList<>(runtime.running());
    running.sort(Comparator.comparing(SessionHandle::name));
    return running.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(running.get(r.nextInt(running.size())));
  }

  private static void operator(Lifecycle lifecycle, Random r) {
    List<Job> jobs = lifecycle.list(java.util.Set.of(), 100);
    if (jobs.isEmpty()) {
      return;
    }
    JobId id = jobs.get(r.nextInt(jobs.size())).id();
    EventContext operator = EventContext.detail("by the operator").withActor("operator");
    try {
      switch (r.nextInt(3)) {
        case 0 -> lifecycle.fire(id, JobEvent.CANCEL, operator);
        case 1 -> lifecycle.fire(id, JobEvent.PASS, operator);
        default -> lifecycle.fire(id, JobEvent.RETRY, EventContext.none().withActor("operator").withOverride(true));
      }
    } catch (LifelineException refused) {
      // not allowed from the job's state: nothing changed
    }
  }

  private static Object rows(Lifecycle lifecycle) {
    List<Object> all = new ArrayList<>();
    List<Job> jobs = lifecycle.list(java.util.Set.of(), Integer.MAX_VALUE);
    all.add(jobs);
    jobs.forEach(j -> all.add(lifecycle.history(j.id())));
    all.add(lifecycle.counts());
    return all;
  }

  private static void compare(Lifecycle lifecycle, Supervisor supervisor, long seed, int pass) {
    Object before = rows(lifecycle);
    PassReport plan = supervisor.plan();
    assertThat(rows(lifecycle)).as("seed %d pass %d: the plan changed the database", seed, pass).isEqualTo(before);

    PassReport tick = supervisor.tick();

    assertThat(plan.actions()).as("seed %d pass %d: actions", seed, pass).isEqualTo(tick.actions());
    assertThat(plan.notices()).as("seed %d pass %d: notices", seed, pass).isEqualTo(tick.notices());
    assertThat(plan.problem()).as("seed %d pass %d: problem", seed, pass).isEqualTo(tick.problem());
  }

  @org.junit.jupiter.api.Test
  void aTamperedRowIsSkippedWithANoticeWhileTheRestIsSupervisedAndPlannedAlike() throws Exception {
    MutableClock clock = MutableClock.startingAt2026();
    FakeSessionRuntime runtime = new FakeSessionRuntime(clock);
    Path file = dir.resolve("tampered.db");
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("it").build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
          .orphanPolicy(dev.lifeline.OrphanPolicy.KILL).orphanGrace(Duration.ZERO).build();
      store.leases().tryAcquire(new dev.lifeline.spi.Lease(supervisor.holder(), "it", 1, clock.instant(),
          clock.instant()), clock.instant(), Duration.ofSeconds(30), l -> false).orElseThrow();
      JobId bad = lifecycle.submit(JobSpec.builder("run", "bad").name("bad").build()).id();
      JobId good = lifecycle.submit(JobSpec.builder("run", "good").name("good").build()).id();
      supervisor.tick();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
          java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("PRAGMA ignore_check_constraints = ON");
        assertThat(st.executeUpdate("UPDATE job SET argv = '' WHERE id = " + bad.value())).isEqualTo(1);
      }
      runtime.exit(good, 0);

      PassReport plan = supervisor.plan();
      PassReport tick = supervisor.tick();

      assertThat(plan.actions()).isEqualTo(tick.actions());
      assertThat(plan.notices()).isEqualTo(tick.notices());
      assertThat(lifecycle.get(good).state()).isEqualTo(dev.lifeline.JobState.COMPLETED);
      assertThat(tick.notices(dev.lifeline.event.Notice.RowUnreadable.class)).singleElement()
          .satisfies(n -> assertThat(n.jobId()).isEqualTo(bad));
      assertThat(runtime.isRunning(bad)).as("the unreadable job's session is neither an orphan nor killed").isTrue();
      assertThat(store.leases().lastPass()).hasValueSatisfying(r -> {
        assertThat(r.consecutiveFailures()).isEqualTo(1);
        assertThat(r.problem()).contains("job " + bad);
      });
      supervisor.close();
    }
  }
}
