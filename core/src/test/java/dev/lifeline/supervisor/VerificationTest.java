package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.labels;
import static dev.lifeline.supervisor.Specs.verified;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.Verdict;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VERIFICATION: verifiers off the pass's thread, PASS or REJECT with the verifier's reason, approval, timeouts. */
class VerificationTest {

  private static JobId exited(LifecycleHarness h, JobId id) {
    h.tick();
    h.endSession(id, 0);
    return id;
  }

  @Test
  void aJobWhoseVerifiersPassEndsCompleted() {
    LifecycleHarness h = LifecycleHarness.builder()
        .lifecycle(l -> l.verifier("ok", job -> Verdict.passed())).build();
    JobId id = exited(h, h.submit(verified("good", new VerifierSpec.Custom("ok", null))).id());

    assertThat(labels(h.tick())).containsExactly("EXITED", "VERIFY", "PASS");

    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aFailingVerifierRejectsWithItsReasonAsDetail() {
    LifecycleHarness h = LifecycleHarness.builder()
        .lifecycle(l -> l.verifier("coverage", job -> Verdict.failed("coverage 41% is below 80%"))).build();
    JobId id = exited(h, h.submit(verified("undertested", new VerifierSpec.Custom("coverage", null))).id());

    h.tick();

    Job job = h.expectFailed(id, FailureReason.VERIFICATION_FAILED);
    assertThat(job.failureDetail()).isEqualTo("coverage 41% is below 80%");
    Transition reject = h.history(id).get(h.history(id).size() - 1);
    assertThat(reject.event()).isEqualTo(JobEvent.REJECT);
    assertThat(reject.detail()).isEqualTo("coverage 41% is below 80%");
  }

  @Test
  void aCustomVerifierGetsItsArgumentAndTheFirstFailureDecides() {
    List<String> calls = new ArrayList<>();
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l
        .verifier("has", new dev.lifeline.spi.Verifier() {
          @Override
          public Verdict verify(Job job) {
            throw new AssertionError("the argument form is called");
          }

          @Override
          public Verdict verify(Job job, String argument) {
            calls.add(argument);
            return argument.equals("docs") ? Verdict.failed("no docs") : Verdict.passed();
          }
        })).build();
    JobId id = exited(h, h.submit(verified("three-checks", new VerifierSpec.Custom("has", "tests"),
        new VerifierSpec.Custom("has", "docs"), new VerifierSpec.Custom("has", "changelog"))).id());

    h.tick();

    assertThat(calls).containsExactly("tests", "docs");
    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail()).isEqualTo("no docs");
  }

  @Test
  void aStoredJobNamingAnUnregisteredVerifierRejectsSayingSo() {
    LifecycleHarness h = LifecycleHarness.create();
    // Submitted by another process whose lifecycle knew the verifier: this one's does not.
    JobId id = h.store().insert(verified("mystery", new VerifierSpec.Custom("nobody", null)), null,
        h.clock().instant(), "elsewhere").job().id();
    exited(h, id);

    h.tick();

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("no verifier named 'nobody' is registered on the lifecycle");
  }

  @Test
  void aThrowingVerifierCountsAsFailedWithItsMessage() {
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.verifier("boom", job -> {
      throw new IllegalStateException("database down");
    })).build();
    JobId id = exited(h, h.submit(verified("boom", new VerifierSpec.Custom("boom", null))).id());

    h.tick();

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .contains("boom").contains("database down");
  }

  @Test
  void verificationNeverBlocksThePassAndALaterPassCollectsTheVerdict() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .lifecycle(l -> l.verifier("ok", job -> Verdict.passed())).build();
    JobId id = exited(h, h.submit(verified("async", new VerifierSpec.Custom("ok", null))).id());

    assertThat(labels(h.tick())).containsExactly("EXITED", "VERIFY");
    assertThat(h.tick(3)).allSatisfy(r -> assertThat(r.actions()).isEmpty());   // still running: not started twice
    assertThat(h.heldVerifiers()).isEqualTo(1);
    h.expectState(id, JobState.VERIFICATION);

    assertThat(h.runVerifiers()).isEqualTo(1);
    assertThat(labels(h.tick())).containsExactly("PASS");
    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aVerifierExceedingItsTimeoutIsRejectedWithANotice() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .supervisor(s -> s.verifierTimeout(Duration.ofMinutes(2)))
        .lifecycle(l -> l.verifier("hangs", job -> Verdict.passed())).build();
    JobId id = exited(h, h.submit(verified("hung", new VerifierSpec.Custom("hangs", null))).id());
    h.tick();
    h.advance(Duration.ofMinutes(1));
    assertThat(h.tick().actions()).isEmpty();

    h.advance(Duration.ofMinutes(1));
    PassReport r = h.tick();

    assertThat(labels(r)).containsExactly("REJECT");
    assertThat(r.notices(Notice.VerifierTimedOut.class)).singleElement()
        .satisfies(n -> assertThat(n.verifier()).isEqualTo("hangs"));
    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("verifier hangs did not answer within PT2M");
    h.runVerifiers();                                    // the cancelled run's late answer changes nothing
    assertThat(h.tick().actions()).isEmpty();
    h.expectFailed(id, FailureReason.VERIFICATION_FAILED);
  }

  @Test
  void approvalWaitsForTheOperator() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = exited(h, h.submit(verified("needs-a-human", new VerifierSpec.Approval())).id());

    assertThat(labels(h.tick())).containsExactly("EXITED", "VERIFY");
    h.advance(Duration.ofDays(3)).tick(5);
    h.expectState(id, JobState.VERIFICATION);
    assertThat(h.notices(Notice.VerificationPending.class)).singleElement()
        .satisfies(n -> assertThat(n.jobId()).isEqualTo(id));
    assertThat(h.supervisor().isIdle()).isFalse();

    h.approve(id);
    assertThat(h.tick().actions()).isEmpty();

    h.expectState(id, JobState.COMPLETED);
    assertThat(h.history(id).get(h.history(id).size() - 1).actor()).isEqualTo(LifecycleHarness.OPERATOR);
  }

  @Test
  void anOperatorMayRejectWhatWaitsForApproval() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = exited(h, h.submit(verified("needs-a-human", new VerifierSpec.Approval())).id());
    h.tick();

    h.reject(id, "the output is wrong");
    h.tick();

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("the output is wrong");
  }

  @Test
  void aFailingVerifierRejectsWithoutWaitingForApproval() {
    LifecycleHarness h = LifecycleHarness.builder()
        .lifecycle(l -> l.verifier("lint", job -> Verdict.failed("3 lint errors"))).build();
    JobId id = exited(h, h.submit(verified("both", new VerifierSpec.Approval(),
        new VerifierSpec.Custom("lint", null))).id());

    h.tick();

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail()).isEqualTo("3 lint errors");
    assertThat(h.notices(Notice.VerificationPending.class)).isEmpty();
  }

  @Test
  void aJobThatExitsZeroAndPassesVerificationIsNeverFailedByALateTimeoutCheck() {
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .lifecycle(l -> l.verifier("ok", job -> Verdict.passed())).build();
    JobId id = h.submit(dev.lifeline.JobSpec.builder("run").name("late").timeout(Duration.ofMinutes(1))
        .verify(new VerifierSpec.Custom("ok", null)).build()).id();
    h.tick();
    h.advance(Duration.ofSeconds(50)).endSession(id, 0);
    h.advance(Duration.ofMinutes(10));               // nobody looked for ten minutes

    h.tick();
    h.runVerifiers();
    h.tick();

    h.expectState(id, JobState.COMPLETED);
  }
}
