package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.verified;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.PassRecord;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.Verdict;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.LifecycleHarness;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One bad job (absurd values, a poison verifier, a row that does not decode, a launch that throws) fails alone with
 * a reason and never stops the pass for the others (ARCHITECTURE.md "The rules, and where each is enforced", rule
 * 10; issue 11 finding 4).
 */
class PoisonJobTest {

  /** A job whose command exited 0 in the previous pass, so the next pass verifies it. */
  private static void runAndExit(LifecycleHarness h, JobId... ids) {
    h.tick();
    for (JobId id : ids) {
      h.endSession(id, 0);
    }
  }

  private static void holdLease(LifecycleHarness h) {
    var now = h.clock().instant();
    h.store().leases().tryAcquire(new Lease(h.supervisor().holder(), "host", 1, now, now), now,
        Duration.ofSeconds(30), l -> false).orElseThrow();
  }

  @Test
  void anAbsurdVerifierAllowanceNeitherThrowsNorHoldsBackTheOtherJobs() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .supervisor(s -> s.verifierTimeout(Duration.ofSeconds(Long.MAX_VALUE))).build();
    JobId poison = h.submit(verified("poison", new VerifierSpec.Approval())).id();
    JobId good = h.submit(job("good")).id();
    runAndExit(h, poison, good);

    PassReport pass = h.tick();

    assertThat(pass.whole()).as(pass.problem()).isTrue();
    assertThat(pass.notices(Notice.JobFailedToHandle.class)).isEmpty();
    h.expectState(good, JobState.COMPLETED);
    h.expectState(poison, JobState.VERIFICATION);           // its verifier is in flight, with no deadline to speak of
    assertThat(h.heldVerifiers()).isEqualTo(1);
    assertThat(h.advance(Duration.ofDays(36_500)).tick().whole()).isTrue();
    h.expectState(poison, JobState.VERIFICATION);
  }

  @Test
  void verifierAllowancesThatOverflowWhenAddedUpNeitherThrowNorHoldBackTheOtherJobs() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .supervisor(s -> s.verifierTimeout(Duration.ofSeconds(Long.MAX_VALUE))).build();
    JobId poison = h.submit(verified("poison", new VerifierSpec.Approval(), new VerifierSpec.Approval(),
        new VerifierSpec.Approval())).id();
    JobId good = h.submit(job("good")).id();
    runAndExit(h, poison, good);

    PassReport pass = h.tick();

    assertThat(pass.whole()).as(pass.problem()).isTrue();
    h.expectState(good, JobState.COMPLETED);
    h.expectState(poison, JobState.VERIFICATION);
  }

  @Test
  void aVerifierThatThrowsIsARejectWithItsSentenceAndTheOthersAreVerified() {
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l
        .verifier("boom", job -> {
          throw new IllegalStateException("the disk is on fire");
        })
        .verifier("ok", job -> Verdict.passed())).build();
    JobId poison = h.submit(verified("poison", new VerifierSpec.Custom("boom", null))).id();
    JobId good = h.submit(verified("good", new VerifierSpec.Custom("ok", null))).id();
    runAndExit(h, poison, good);

    PassReport pass = h.tick();

    Job rejected = h.expectFailed(poison, FailureReason.VERIFICATION_FAILED);
    assertThat(rejected.failureDetail()).contains("the disk is on fire").contains("boom");
    assertThat(pass.notices(Notice.JobFailedToHandle.class)).singleElement().satisfies(n -> {
      assertThat(n.jobId()).isEqualTo(poison);
      assertThat(n.step()).isEqualTo("verification");
      assertThat(n.problem()).contains("IllegalStateException: the disk is on fire");
    });
    h.expectState(good, JobState.COMPLETED);
  }

  @Test
  void aRowThatDoesNotDecodeIsSkippedWithANoticeAndTheRestIsSupervised() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId bad = h.inMemoryStore().plantUnreadableRow(JobState.PROCESSING, "state 'RUNNING?' is not a known state");
    JobId good = h.submit(job("good")).id();
    holdLease(h);

    PassReport first = h.tick();
    h.endSession(good, 0);
    PassReport second = h.tick();

    h.expectState(good, JobState.COMPLETED);
    assertThat(first.notices(Notice.RowUnreadable.class)).singleElement().satisfies(n -> {
      assertThat(n.jobId()).isEqualTo(bad);
      assertThat(n.reason()).isEqualTo("state 'RUNNING?' is not a known state");
    });
    assertThat(second.notices(Notice.RowUnreadable.class)).as("told once, not every pass").isEmpty();
    assertThat(second.problem()).contains("job " + bad).contains("RUNNING?");
    PassRecord recorded = h.store().leases().lastPass().orElseThrow();
    assertThat(recorded.consecutiveFailures()).isEqualTo(2);
    assertThat(recorded.problem()).isEqualTo(second.problem());
  }

  @Test
  void aSessionOfAnUnreadableRowIsNeitherAnOrphanNorStopped() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.orphanPolicy(dev.lifeline.OrphanPolicy.KILL)
        .orphanGrace(Duration.ZERO)).build();
    JobId bad = h.inMemoryStore().plantUnreadableRow(JobState.PROCESSING, "argv is not a JSON array");
    SessionHandle session = h.runtime().addForeignTaggedSession(bad, 1, "bad-" + bad + "-1");

    PassReport pass = h.tick();

    assertThat(pass.notices(Notice.OrphanFound.class)).isEmpty();
    assertThat(h.runtime().stopped()).isEmpty();
    assertThat(h.runtime().running()).contains(session);
  }

  @Test
  void aRetryWhoseBackoffOverflowsTheClockFailsToBeHandledAloneAndTheOthersStart() {
    LifecycleHarness h = LifecycleHarness.builder()
        .backoff(new Backoff(Duration.ofSeconds(Long.MAX_VALUE / 2), 1.0, Duration.ofSeconds(Long.MAX_VALUE / 2)))
        .build();
    JobId poison = h.submit(job("poison", 3)).id();
    h.tick();
    h.endSession(poison, 1);
    JobId good = h.submit(job("good")).id();

    PassReport pass = h.tick();

    h.expectFailed(poison, FailureReason.EXIT_CODE);          // RETRY cannot be computed: it stays FAILED
    assertThat(pass.notices(Notice.JobFailedToHandle.class)).singleElement().satisfies(n -> {
      assertThat(n.jobId()).isEqualTo(poison);
      assertThat(n.step()).isEqualTo("retry");
    });
    h.expectState(good, JobState.PROCESSING);
    assertThat(h.launches(good)).hasSize(1);
  }

  @Test
  void aLaunchThatThrowsSomethingUnexpectedFailsThatJobAloneAndTheNextIsLaunched() {
    MutableClock clock = MutableClock.startingAt2026();
    InMemoryJobStore store = new InMemoryJobStore();
    FakeSessionRuntime fake = new FakeSessionRuntime(clock);
    SessionRuntime runtime = new SessionRuntime() {
      @Override
      public SessionHandle start(Job job) throws LaunchException {
        if (job.name().equals("poison")) {
          throw new IllegalStateException("no such file descriptor");
        }
        return fake.start(job);
      }

      @Override
      public Observation observeAll() {
        return fake.observeAll();
      }

      @Override
      public void stop(SessionHandle handle) {
        fake.stop(handle);
      }
    };
    Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).build();
    Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).build();
    JobId poison = lifecycle.submit(job("poison")).id();
    JobId good = lifecycle.submit(job("good")).id();

    PassReport pass = supervisor.tick();

    Job failed = lifecycle.get(poison);
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.failureReason()).isEqualTo(FailureReason.LAUNCH_FAILED);
    assertThat(failed.failureDetail()).contains("no such file descriptor");
    assertThat(pass.notices(Notice.JobFailedToHandle.class)).singleElement()
        .satisfies(n -> assertThat(n.step()).isEqualTo("launch"));
    assertThat(lifecycle.get(good).state()).isEqualTo(JobState.PROCESSING);
    assertThat(fake.isRunning(good)).isTrue();
  }

  @Test
  void eachPassRecordsItselfWithTheLeaseSoFailingPassesCanBeCounted() {
    LifecycleHarness h = LifecycleHarness.create();
    holdLease(h);

    h.tick();
    assertThat(h.store().leases().lastPass()).hasValueSatisfying(r -> {
      assertThat(r.ok()).isTrue();
      assertThat(r.problem()).isNull();
    });

    JobId bad = h.inMemoryStore().plantUnreadableRow(JobState.QUEUED, "priority is not a number");
    h.tick();
    h.tick();
    assertThat(h.store().leases().lastPass()).hasValueSatisfying(r -> {
      assertThat(r.consecutiveFailures()).isEqualTo(2);
      assertThat(r.problem()).isEqualTo("the pass could not handle job " + bad
          + " cannot be read: priority is not a number");
    });
  }

  @Test
  void aStoreThatCannotSkipADamagedRowStopsOnlyTheStepThatListsIt() {
    MutableClock clock = MutableClock.startingAt2026();
    InMemoryJobStore memory = new InMemoryJobStore();
    JobStore listOnly = new ListOnlyStore(memory);   // listReadable is the default: list, which fails on the row
    FakeSessionRuntime runtime = new FakeSessionRuntime(clock);
    Lifecycle lifecycle = Lifecycle.builder().store(listOnly).clock(clock).build();
    Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).build();
    JobId queued = lifecycle.submit(job("queued")).id();
    memory.plantUnreadableRow(JobState.FAILED, "failure_reason 'OOPS' is not a known reason");

    PassReport pass = supervisor.tick();

    assertThat(pass.notices(Notice.StepFailed.class)).singleElement().satisfies(n -> {
      assertThat(n.step()).isEqualTo("retry");
      assertThat(n.problem()).contains("OOPS");
    });
    assertThat(lifecycle.get(queued).state()).isEqualTo(JobState.PROCESSING);
    assertThat(pass.problem()).startsWith("the pass could not handle the retry step");
  }

  /** A store that only delegates, so {@link JobStore#listReadable} is the interface's default. */
  private record ListOnlyStore(JobStore d) implements JobStore {
    @Override
    public Inserted insert(JobSpec spec, String key, java.time.Instant now, String actor) {
      return d.insert(spec, key, now, actor);
    }

    @Override
    public java.util.Optional<Job> find(JobId id) {
      return d.find(id);
    }

    @Override
    public java.util.List<Job> list(dev.lifeline.spi.JobQuery query) {
      return d.list(query);
    }

    @Override
    public java.util.Optional<Job> claimNext(java.time.Instant now, int max, ClaimDecider start) {
      return d.claimNext(now, max, start);
    }

    @Override
    public boolean compareAndSet(Job expected, Job next, dev.lifeline.Transition t) {
      return d.compareAndSet(expected, next, t);
    }

    @Override
    public java.util.List<dev.lifeline.Transition> history(JobId id) {
      return d.history(id);
    }

    @Override
    public java.util.Map<JobState, Long> counts() {
      return d.counts();
    }

    @Override
    public dev.lifeline.spi.LeaseStore leases() {
      return d.leases();
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
