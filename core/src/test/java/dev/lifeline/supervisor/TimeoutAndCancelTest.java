package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static dev.lifeline.supervisor.Specs.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeouts and cancellations: the transition commits first, then the session is stopped. */
class TimeoutAndCancelTest {

  @Test
  void aTimeoutFailsTheJobAndKillsItsSessionAfterTheCommit() {
    LifecycleHarness h = LifecycleHarness.create();
    RecordingRuntime runtime = new RecordingRuntime(h.runtime(), h.store());
    Supervisor s = Supervisor.builder().lifecycle(h.lifecycle()).runtime(runtime).build();
    JobId id = h.submit(withTimeout("slow", Duration.ofMinutes(10), 1)).id();
    s.tick();
    h.advance(Duration.ofMinutes(10));
    assertThat(s.tick().actions()).isEmpty();      // exactly the timeout is not yet more than the timeout

    h.advance(Duration.ofSeconds(1));
    PassReport r = s.tick();

    assertThat(labels(r)).containsExactly("TIME_OUT", "KILL");
    h.expectFailed(id, FailureReason.TIMED_OUT);
    assertThat(runtime.stopsSeen()).containsExactly(id + " attempt 1 stored as FAILED (TIMED_OUT)");
    assertThat(h.runtime().isRunning(id)).isFalse();
  }

  @Test
  void aTimedOutJobIsRetriedOnlyAfterItsSessionIsGone() {
    LifecycleHarness h = LifecycleHarness.builder().backoff(Backoff.none()).build();
    JobId id = h.submit(withTimeout("slow", Duration.ofMinutes(1), 2)).id();
    h.tick();
    h.advance(Duration.ofMinutes(2));

    assertThat(labels(h.tick())).containsExactly("TIME_OUT", "KILL");
    assertThat(labels(h.tick())).containsExactly("RETRY", "START", "LAUNCH");

    assertThat(h.launches(id)).extracting(SessionHandle::attempt).containsExactly(1, 2);
    assertThat(h.runtime().running()).extracting(SessionHandle::attempt).containsExactly(2);
  }

  @Test
  void aSessionThatSurvivesItsStopBlocksTheRetryAndIsStoppedAgain() {
    LifecycleHarness h = LifecycleHarness.builder().backoff(Backoff.none()).build();
    StubbornRuntime stubborn = new StubbornRuntime(h.runtime());
    Supervisor s = Supervisor.builder().lifecycle(h.lifecycle()).runtime(stubborn).build();
    JobId id = h.submit(withTimeout("unkillable", Duration.ofMinutes(1), 2)).id();
    s.tick();
    h.advance(Duration.ofMinutes(2));
    stubborn.ignoreStops(true);

    assertThat(labels(s.tick())).containsExactly("TIME_OUT", "KILL");
    assertThat(labels(s.tick())).containsExactly("KILL");     // still there: no RETRY beside it, stop again
    stubborn.ignoreStops(false);
    assertThat(labels(s.tick())).containsExactly("KILL");
    assertThat(labels(s.tick())).containsExactly("RETRY", "START", "LAUNCH");

    assertThat(h.runtime().running()).extracting(SessionHandle::attempt).containsExactly(2);
    assertThat(h.job(id).attempt()).isEqualTo(2);
  }

  @Test
  void aCancelByAnOperatorStopsTheSessionOnTheNextPass() {
    LifecycleHarness h = LifecycleHarness.create();
    RecordingRuntime runtime = new RecordingRuntime(h.runtime(), h.store());
    Supervisor s = Supervisor.builder().lifecycle(h.lifecycle()).runtime(runtime).build();
    JobId id = h.submit(job("cancel-me", 3)).id();
    s.tick();

    h.cancel(id);
    assertThat(h.runtime().isRunning(id)).isTrue();
    PassReport r = s.tick();

    assertThat(labels(r)).containsExactly("KILL");
    assertThat(runtime.stopsSeen()).containsExactly(id + " attempt 1 stored as FAILED (CANCELLED)");
    assertThat(h.runtime().isRunning(id)).isFalse();
    h.advance(Duration.ofHours(1));
    assertThat(s.tick().actions()).isEmpty();
    h.expectFailed(id, FailureReason.CANCELLED);
  }

  @Test
  void aCancelDuringVerificationDropsTheVerification() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .lifecycle(l -> l.verifier("slow-check", job -> dev.lifeline.spi.Verdict.passed())).build();
    JobId id = h.submit(Specs.verified("checked", new VerifierSpec.Custom("slow-check", null))).id();
    h.tick();
    h.endSession(id, 0);
    assertThat(labels(h.tick())).containsExactly("EXITED", "VERIFY");

    h.cancel(id);
    h.tick();
    h.runVerifiers();
    assertThat(h.tick().actions()).isEmpty();

    h.expectFailed(id, FailureReason.CANCELLED);
  }

  @Test
  void aJobWaitingForApprovalTimesOut() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(dev.lifeline.JobSpec.builder("run").name("awaiting").timeout(Duration.ofHours(1))
        .verify(new VerifierSpec.Approval()).build()).id();
    h.tick();
    h.endSession(id, 0);
    h.tick();
    h.expectState(id, JobState.VERIFICATION);

    h.advance(Duration.ofMinutes(61));
    assertThat(labels(h.tick())).containsExactly("TIME_OUT");

    h.expectFailed(id, FailureReason.TIMED_OUT);
  }
}
