package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.FailureReason;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.testing.LifecycleHarness;
import org.junit.jupiter.api.Test;

/** The harness reads as steps and fails with messages that say what happened. */
class LifecycleHarnessTest {

  @Test
  void expectStateFailsNamingTheStateTheFailureAndTheHistory() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("broken")).id();
    h.tick();
    h.endSession(id, 2).tick();

    assertThatThrownBy(() -> h.expectState(id, JobState.COMPLETED))
        .isInstanceOf(AssertionError.class)
        .hasMessage("job " + id + " is FAILED at attempt 1 (EXIT_CODE: exited with code 2), expected COMPLETED; "
            + "history: QUEUED SUBMIT, QUEUED→PROCESSING START, PROCESSING→FAILED EXITED (EXIT_CODE)");
  }

  @Test
  void expectFailedChecksTheReason() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("cancelled")).id();
    h.cancel(id);

    assertThat(h.expectFailed(id, FailureReason.CANCELLED).failureDetail()).isEqualTo("cancelled by the operator");
    assertThatThrownBy(() -> h.expectFailed(id, FailureReason.EXIT_CODE))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected FAILED (EXIT_CODE)");
  }

  @Test
  void theHarnessRecordsTransitionsThroughTheLifecycleAndTheOperatorVerbs() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("once-more", 1)).id();
    h.tick();
    h.endSession(id, 1).tick();
    h.retry(id);                                         // beyond maxAttempts: an operator's override

    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.RETRY);
    assertThat(h.transitions()).extracting(e -> e.transition().event())
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.RETRY);
    assertThat(h.history(id).get(3).actor()).isEqualTo(LifecycleHarness.OPERATOR);
    h.expectState(id, JobState.QUEUED);
  }
}
