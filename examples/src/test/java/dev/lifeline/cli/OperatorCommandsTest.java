package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.spi.SessionHandle;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorCommandsTest {

  private final Cli cli = new Cli();

  private Job job(long id) {
    return cli.wiring.store.find(JobId.of(id)).orElseThrow();
  }

  private Transition lastTransition(long id) {
    List<Transition> h = cli.wiring.store.history(JobId.of(id));
    return h.get(h.size() - 1);
  }

  private void verifying(long id) {
    Lifecycle lc = cli.wiring.lifecycle();
    lc.startNext(10);
    lc.fire(JobId.of(id), JobEvent.EXITED, EventContext.exitCode(0));
  }

  @Test
  void cancelFailsAQueuedJobWithReasonCancelledByTheOperator() {
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("cancel", "1", "--reason", "not needed");

    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo("Job 1: QUEUED -> FAILED (CANCELLED: not needed)");
    assertThat(job(1).state()).isEqualTo(JobState.FAILED);
    assertThat(job(1).failureReason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(lastTransition(1).actor()).isEqualTo("operator");
  }

  @Test
  void cancellingARunningJobOnlyCommitsAndTheSupervisorsNextPassEndsItsSession() {
    cli.run("submit", "--", "sleep", "600");
    Job running = cli.wiring.lifecycle().startNext(1).orElseThrow().job();
    cli.wiring.runtime.start(running);

    Cli.Result r = cli.run("cancel", "1");

    assertThat(r.code()).isZero();
    assertThat(job(1).failureDetail()).isEqualTo("cancelled by operator");
    assertThat(cli.wiring.runtime.stopped()).as("cancel itself stops nothing").isEmpty();

    Cli.Result pass = cli.run("run", "--once");

    assertThat(pass.code()).as(pass.err()).isZero();
    assertThat(cli.wiring.runtime.stopped()).containsExactly(new SessionHandle(JobId.of(1), 1, running.session()));
  }

  @Test
  void aCancelNeedsNoTmuxBecauseOnlyTheRowChanges() {
    cli.run("submit", "--", "sleep", "600");
    cli.wiring.lifecycle().startNext(1);
    cli.wiring.failRuntime = new dev.lifeline.RuntimeUnavailableException("tmux is not installed.");

    Cli.Result r = cli.run("cancel", "1");

    assertThat(r.code()).isZero();
    assertThat(job(1).state()).isEqualTo(JobState.FAILED);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void cancellingAFinishedJobIsRefusedWithExitThree() {
    cli.run("submit", "--", "true");
    cli.run("cancel", "1");

    Cli.Result again = cli.run("cancel", "1");

    assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err().strip()).isEqualTo("Job 1 is FAILED, where CANCEL is not allowed.");
  }

  @Test
  void retryQueuesAJobWhoseAttemptsAreUsedAtOnce() {
    cli.run("submit", "--", "false");
    Lifecycle lc = cli.wiring.lifecycle();
    lc.startNext(1);
    lc.fire(JobId.of(1), JobEvent.EXITED, EventContext.exitCode(1));

    Cli.Result r = cli.run("retry", "1");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("FAILED -> QUEUED");
    assertThat(job(1).state()).isEqualTo(JobState.QUEUED);
    assertThat(job(1).notBefore()).isEqualTo(cli.wiring.clock.instant());
    assertThat(lastTransition(1).actor()).isEqualTo("operator");
  }

  @Test
  void retryOfACancelledJobIsAGuardRefusalWithExitThree() {
    cli.run("submit", "--", "true");
    cli.run("cancel", "1");

    Cli.Result r = cli.run("retry", "1");

    assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.err()).contains("a cancelled job is not retried");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void approveCompletesAJobInVerification() {
    cli.run("submit", "--approval", "--", "true");
    verifying(1);

    Cli.Result r = cli.run("approve", "1", "--reason", "looks right");

    assertThat(r.code()).isZero();
    assertThat(job(1).state()).isEqualTo(JobState.COMPLETED);
    assertThat(lastTransition(1).detail()).isEqualTo("looks right");
    assertThat(lastTransition(1).event()).isEqualTo(JobEvent.PASS);
  }

  @Test
  void rejectFailsAJobInVerificationWithTheReason() {
    cli.run("submit", "--approval", "--", "true");
    verifying(1);

    Cli.Result r = cli.run("reject", "1", "--reason", "report is empty");

    assertThat(r.code()).isZero();
    assertThat(job(1).failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
    assertThat(job(1).failureDetail()).isEqualTo("report is empty");
    assertThat(r.out()).contains("VERIFICATION -> FAILED (VERIFICATION_FAILED: report is empty)");
  }

  @Test
  void rejectWithoutAReasonIsAUsageError() {
    cli.run("submit", "--approval", "--", "true");
    verifying(1);

    Cli.Result r = cli.run("reject", "1");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--reason");
    assertThat(job(1).state()).isEqualTo(JobState.VERIFICATION);
  }

  @Test
  void approvingAQueuedJobIsRefused() {
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("approve", "1");

    assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(job(1).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void operatorEventsOnAnUnknownJobAreExitFour() {
    assertThat(cli.run("cancel", "7").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("retry", "7").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("approve", "7").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("reject", "7", "--reason", "x").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }
}
