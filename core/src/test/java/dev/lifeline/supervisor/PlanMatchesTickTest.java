package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.LifelineException;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.Verdict;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plan()} is what {@code tick()} then does: over seeded random store states (jobs in every state, sessions
 * ended, vanished and foreign, verifications in flight, operators acting, the runtime breaking), before every pass the
 * plan's actions, notices and problem equal the pass's, and the plan changed nothing. Verifiers are held (a plan
 * never runs one, so a verdict is collected only once it is in), and launches succeed (a plan cannot know that a
 * launch will fail).
 */
class PlanMatchesTickTest {

  static final int CASES = 200;

  static Stream<Long> seeds() {
    return IntStream.range(0, CASES).mapToObj(i -> 0x5EED0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void planEqualsTheTickThatFollows(long seed) {
    Random r = new Random(seed);
    LifecycleHarness h = harness(r);
    int ticks = 0;
    int steps = 10 + r.nextInt(30);
    for (int i = 0; i < steps; i++) {
      if (act(h, r)) {
        comparePlanWithTick(h, seed, ticks++);
      }
    }
    comparePlanWithTick(h, seed, ticks);
  }

  private static LifecycleHarness harness(Random r) {
    int max = 1 + r.nextInt(3);
    int lostAfter = 1 + r.nextInt(2);
    OrphanPolicy orphans = r.nextBoolean() ? OrphanPolicy.REPORT : OrphanPolicy.KILL;
    Duration orphanGrace = Duration.ofSeconds(r.nextInt(3) * 30L);
    Backoff backoff = r.nextBoolean() ? Backoff.none() : Backoff.defaults();
    return LifecycleHarness.builder().holdVerifiers(true).backoff(backoff)
        .lifecycle(l -> l.guard(JobEvent.START, "not-held", c -> c.job().name().startsWith("held")
            ? JobGuard.refuse("its name says held") : JobGuard.allow())
            .verifier("ok", job -> Verdict.passed())
            .verifier("no", job -> Verdict.failed("the output is wrong"))
            .verifier("boom", job -> {
              throw new IllegalStateException("verifier bug");
            }))
        .supervisor(s -> s.maxConcurrent(max).lostAfter(lostAfter).orphanPolicy(orphans).orphanGrace(orphanGrace)
            .startGrace(Duration.ofSeconds(5)))
        .build();
  }

  /** One random step; true when it is a pass (so a plan is compared with it). */
  private static boolean act(LifecycleHarness h, Random r) {
    switch (r.nextInt(12)) {
      case 0, 1 -> h.submit(randomSpec(h, r));
      case 2, 3, 4 -> {
        return true;
      }
      case 5 -> h.advance(Duration.ofSeconds(r.nextInt(4) == 0 ? 3600 : r.nextInt(40)));
      case 6 -> running(h, r).ifPresent(s -> h.endSession(s.jobId(), r.nextInt(3) == 0 ? 1 : 0));
      case 7 -> running(h, r).ifPresent(s -> h.vanish(s.jobId()));
      case 8 -> h.runVerifiers();
      case 9 -> operator(h, r);
      case 10 -> h.runtime().addForeignTaggedSession(JobId.of(500 + r.nextInt(50)), 1 + r.nextInt(2),
          "ghost-" + r.nextInt(1000));
      case 11 -> {
        if (r.nextInt(4) == 0) {
          h.breakRuntime("tmux timed out");
        } else {
          h.repairRuntime();
        }
      }
      default -> throw new AssertionError();
    }
    return false;
  }

  private static JobSpec randomSpec(LifecycleHarness h, Random r) {
    String name = (r.nextInt(6) == 0 ? "held-" : "job-") + r.nextInt(100);
    JobSpec.Builder b = JobSpec.builder("run", name).name(name).priority(r.nextInt(3)).maxAttempts(1 + r.nextInt(3));
    if (r.nextInt(3) == 0) {
      b.timeout(Duration.ofSeconds(30 + r.nextInt(120)));
    }
    switch (r.nextInt(6)) {
      case 0 -> b.verify(new VerifierSpec.Custom("ok", null));
      case 1 -> b.verify(new VerifierSpec.Custom("no", null));
      case 2 -> b.verify(new VerifierSpec.Approval());
      case 3 -> b.verify(new VerifierSpec.Custom("boom", null));
      default -> { }
    }
    return b.build();
  }

  private static java.util.Optional<SessionHandle> running(LifecycleHarness h, Random r) {
    List<SessionHandle> running = new ArrayList<>(h.runtime().running());
    running.sort(java.util.Comparator.comparing(SessionHandle::name));
    return running.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(running.get(r.nextInt(running.size())));
  }

  private static void operator(LifecycleHarness h, Random r) {
    List<Job> jobs = h.store().list(JobQuery.all());
    if (jobs.isEmpty()) {
      return;
    }
    Job job = jobs.get(r.nextInt(jobs.size()));
    try {
      switch (r.nextInt(4)) {
        case 0 -> h.cancel(job.id());
        case 1 -> h.approve(job.id());
        case 2 -> h.reject(job.id(), "not what was asked");
        default -> h.retry(job.id());
      }
    } catch (LifelineException refused) {
      // an operator verb the job's state does not allow: nothing changed
    }
  }

  private static void comparePlanWithTick(LifecycleHarness h, long seed, int tick) {
    Object before = PlanTest.snapshot(h);
    PassReport plan = h.plan();
    assertThat(PlanTest.snapshot(h)).as("seed %d pass %d: the plan changed something", seed, tick)
        .isEqualTo(before);

    PassReport pass = h.tick();

    assertThat(plan.dryRun()).isTrue();
    assertThat(pass.dryRun()).isFalse();
    assertThat(plan.actions()).as("seed %d pass %d: actions", seed, tick).isEqualTo(pass.actions());
    assertThat(plan.notices()).as("seed %d pass %d: notices", seed, tick).isEqualTo(pass.notices());
    assertThat(plan.problem()).as("seed %d pass %d: problem", seed, tick).isEqualTo(pass.problem());
    assertThat(plan.runtimeUnknown()).isEqualTo(pass.runtimeUnknown());
    assertThat(plan.runtimeUnknownSince()).isEqualTo(pass.runtimeUnknownSince());
  }

  @org.junit.jupiter.api.Test
  void theCasesCoverEveryKindOfMove() {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    seeds().limit(60).forEach(seed -> {
      Random r = new Random(seed);
      LifecycleHarness h = harness(r);
      for (int i = 0; i < 40; i++) {
        if (act(h, r)) {
          h.tick().actions().forEach(a -> seen.add(a.label()));
        }
      }
    });
    assertThat(seen).contains("START", "LAUNCH", "EXITED", "LOST", "TIME_OUT", "PASS", "REJECT", "RETRY", "VERIFY",
        "ORPHAN", "KILL");
    assertThat(JobState.values()).isNotEmpty();
  }
}
