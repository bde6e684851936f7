package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.FailureReason;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.WaitOutcome;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dependencies, hold and release, and a delayed first start, through the supervisor and the test harness. */
class WorkflowTest {

  private final LifecycleHarness h = LifecycleHarness.create();

  private JobId submit(String name, JobId... after) {
    return h.submit(JobSpec.builder("run", name).name(name).after(after).build()).id();
  }

  /** Ends the running session of {@code id} with {@code code} and lets the passes carry the job as far as they go. */
  private void finish(JobId id, int code) {
    h.endSession(id, code);
    h.tick(3);
  }

  @Test
  void aDiamondRunsEachJobOnlyAfterEveryJobItWaitsForCompleted() {
    JobId a = submit("a");
    JobId b = submit("b", a);
    JobId c = submit("c", a);
    JobId d = submit("d", b, c);

    h.tick();
    assertThat(h.job(a).state()).isEqualTo(JobState.PROCESSING);
    assertThat(List.of(b, c, d)).allSatisfy(id -> assertThat(h.job(id).state()).isEqualTo(JobState.QUEUED));
    assertThat(h.lifecycle().waitingOn(h.job(d))).containsExactly(b, c);

    finish(a, 0);
    h.expectState(a, JobState.COMPLETED);
    assertThat(h.job(b).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.job(c).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.job(d).state()).isEqualTo(JobState.QUEUED);

    finish(b, 0);
    assertThat(h.job(d).state()).as("c is still running").isEqualTo(JobState.QUEUED);
    assertThat(h.lifecycle().waitingOn(h.job(d))).containsExactly(c);
    assertThat(h.launches(d)).isEmpty();

    finish(c, 0);
    assertThat(h.job(d).state()).isEqualTo(JobState.PROCESSING);
    finish(d, 0);
    h.expectState(d, JobState.COMPLETED);
    assertThat(h.job(d).startedAt()).isAfterOrEqualTo(h.job(c).finishedAt());
    assertThat(h.lifecycle().dependents(a)).containsExactly(b, c);
  }

  @Test
  void aDependencyThatFailsForGoodFailsItsDependentsTransitivelyWithoutLaunchingThem() {
    JobId a = submit("a");
    JobId b = submit("b", a);
    JobId c = submit("c", b);
    JobId unrelated = submit("unrelated");

    h.tick();
    finish(a, 3);

    Job failedB = h.expectFailed(b, FailureReason.DEPENDENCY_FAILED);
    assertThat(failedB.failureDetail()).isEqualTo("job " + a + " it waits for failed for good (EXIT_CODE: exited "
        + "with code 3)");
    Job failedC = h.expectFailed(c, FailureReason.DEPENDENCY_FAILED);
    assertThat(failedC.failureDetail()).isEqualTo("job " + b + " it waits for failed for good (DEPENDENCY_FAILED)");
    assertThat(h.events(c)).containsExactly(JobEvent.SUBMIT, JobEvent.ABANDON);
    assertThat(h.launches(b)).isEmpty();
    assertThat(h.launches(c)).isEmpty();
    assertThat(h.job(unrelated).state()).isEqualTo(JobState.PROCESSING);

    h.advance(Duration.ofHours(1)).tick(3);
    assertThat(h.events(b)).as("never retried automatically").containsExactly(JobEvent.SUBMIT, JobEvent.ABANDON);
  }

  @Test
  void aCancelledDependencyFailsItsDependentToo() {
    JobId a = submit("a");
    JobId b = submit("b", a);

    h.cancel(a);
    h.tick();

    assertThat(h.expectFailed(b, FailureReason.DEPENDENCY_FAILED).failureDetail()).contains("(CANCELLED");
  }

  @Test
  void aDependencyThatIsRetriedLetsItsDependentWaitAndThenRun() {
    JobId a = h.submit(job("a", 2)).id();
    JobId b = submit("b", a);

    h.tick();
    finish(a, 1);
    assertThat(h.job(a).state()).as("a waits out its retry backoff").isIn(JobState.FAILED, JobState.QUEUED);
    assertThat(h.job(b).state()).isEqualTo(JobState.QUEUED);

    h.advance(Duration.ofHours(1)).tick(2);
    assertThat(h.job(a).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.job(b).state()).isEqualTo(JobState.QUEUED);
    finish(a, 0);

    h.expectState(a, JobState.COMPLETED);
    assertThat(h.job(b).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.events(b)).doesNotContain(JobEvent.ABANDON);
  }

  @Test
  void anOperatorRetryOfAnAbandonedJobQueuesItToWaitAgain() {
    JobId a = submit("a");
    JobId b = submit("b", a);
    h.tick();
    finish(a, 3);
    h.expectFailed(b, FailureReason.DEPENDENCY_FAILED);

    h.retry(a);
    h.retry(b);
    h.tick();

    assertThat(h.job(a).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.job(b).state()).as("it waits for a again").isEqualTo(JobState.QUEUED);
    finish(a, 0);
    assertThat(h.job(b).state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void submittingAfterAJobThatDoesNotExistIsRefusedAndWritesNothing() {
    JobId a = submit("a");

    assertThatThrownBy(() -> submit("b", a, JobId.of(99)))
        .isInstanceOfSatisfying(JobNotFoundException.class, e -> assertThat(e.jobId()).isEqualTo(JobId.of(99)));

    assertThat(h.lifecycle().list(java.util.Set.of(), 10)).extracting(Job::id).containsExactly(a);
  }

  @Test
  void aHeldJobDoesNotStartUntilReleasedAndBothChangesAreRecorded() {
    JobId held = submit("held");
    JobId other = submit("other");
    h.hold(held);

    h.tick();
    assertThat(h.job(held).state()).isEqualTo(JobState.QUEUED);
    assertThat(h.job(held).held()).isTrue();
    assertThat(h.job(other).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.launches(held)).isEmpty();

    h.release(held);
    h.tick();
    assertThat(h.job(held).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.events(held)).containsExactly(JobEvent.SUBMIT, JobEvent.HOLD, JobEvent.RELEASE, JobEvent.START);
    assertThat(h.history(held).get(1).actor()).isEqualTo(LifecycleHarness.OPERATOR);
    assertThat(h.history(held).get(1).from()).isEqualTo(JobState.QUEUED);
    assertThat(h.history(held).get(1).to()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void holdAndReleaseAreGuardedAndOnlyForQueuedJobs() {
    JobId id = submit("a");
    assertThatThrownBy(() -> h.release(id)).isInstanceOfSatisfying(GuardRejectedException.class,
        e -> assertThat(e.guard()).isEqualTo("held"));
    h.hold(id);
    assertThatThrownBy(() -> h.hold(id)).isInstanceOfSatisfying(GuardRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo("the job is already held"));
    h.release(id);
    h.tick();

    assertThatThrownBy(() -> h.hold(id)).isInstanceOf(IllegalTransitionException.class);
    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.HOLD, JobEvent.RELEASE, JobEvent.START);
  }

  @Test
  void aCancelledHeldJobIsNoLongerHeld() {
    JobId id = submit("a");
    h.hold(id);

    assertThat(h.cancel(id).held()).isFalse();
  }

  @Test
  void aFirstStartInTheFutureWaitsForItAndARetryNeverStartsEarlier() {
    JobId id = h.submit(JobSpec.builder("run", "later").maxAttempts(2)
        .notBefore(h.clock().instant().plus(Duration.ofHours(2))).build()).id();

    h.tick();
    assertThat(h.job(id).state()).isEqualTo(JobState.QUEUED);
    h.advance(Duration.ofMinutes(119)).tick();
    assertThat(h.job(id).state()).isEqualTo(JobState.QUEUED);
    h.advance(Duration.ofMinutes(1)).tick();
    assertThat(h.job(id).state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void anOperatorRetryDoesNotMoveAJobBeforeItsSpecsFirstStart() {
    JobId a = submit("a");
    java.time.Instant first = h.clock().instant().plus(Duration.ofHours(2));
    JobId b = h.submit(JobSpec.builder("run", "b").after(a).notBefore(first).build()).id();
    h.tick();
    finish(a, 3);
    h.expectFailed(b, FailureReason.DEPENDENCY_FAILED);

    Job retried = h.retry(b);

    assertThat(retried.state()).isEqualTo(JobState.QUEUED);
    assertThat(retried.notBefore()).isEqualTo(first);
  }

  @Test
  void awaitTerminalReturnsTheOutcomeOnceEveryJobIsDone() throws Exception {
    JobId ok = submit("ok");
    JobId bad = submit("bad");
    h.tick();

    WaitOutcome early = h.lifecycle().awaitTerminal(List.of(ok, bad, ok), Duration.ZERO);
    assertThat(early.timedOut()).isTrue();
    assertThat(early.jobs()).extracting(Job::id).containsExactly(ok, bad);
    assertThat(early.pending()).extracting(Job::id).containsExactly(ok, bad);

    finish(ok, 0);
    finish(bad, 2);
    WaitOutcome done = h.lifecycle().awaitTerminal(List.of(ok, bad), Duration.ofMinutes(1));
    assertThat(done.timedOut()).isFalse();
    assertThat(done.allCompleted()).isFalse();
    assertThat(done.failed()).extracting(Job::id).containsExactly(bad);
    assertThat(h.lifecycle().awaitTerminal(List.of(ok), Duration.ZERO).allCompleted()).isTrue();
  }

  @Test
  void awaitTerminalKeepsWaitingForAFailedJobThatWillBeRetried() throws Exception {
    JobId id = h.submit(job("twice", 2)).id();
    h.tick();
    h.lifecycle().fire(id, JobEvent.EXITED, dev.lifeline.EventContext.exitCode(1)); // no pass has retried it yet
    h.expectState(id, JobState.FAILED);

    assertThat(h.lifecycle().awaitTerminal(List.of(id), Duration.ZERO).timedOut()).isTrue();
    assertThatThrownBy(() -> h.lifecycle().awaitTerminal(List.of(JobId.of(77)), Duration.ZERO))
        .isInstanceOf(JobNotFoundException.class);
  }
}
