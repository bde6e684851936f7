package dev.lifeline.internal.view;

import static dev.lifeline.internal.view.Rows.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.HeldBackJob;
import dev.lifeline.HeldBackJob.Reason;
import dev.lifeline.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldBackRuleTest {

  private static List<String> judged(List<HeldBackJob> held) {
    return held.stream().map(h -> h.job().id() + ":" + h.reason()).toList();
  }

  @Test
  void aNeverStartedJobWithAFutureNotBeforeWaitsForIt() {
    var held = HeldBackRule.judge(List.of(Rows.queued(1, 0, 0, T.plusSeconds(60))), 0, 4, T);

    assertThat(held).singleElement().satisfies(h -> {
      assertThat(h.reason()).isEqualTo(Reason.NOT_BEFORE);
      assertThat(h.until()).isEqualTo(T.plusSeconds(60));
    });
  }

  @Test
  void aRetriedJobWithAFutureNotBeforeWaitsForItsBackoff() {
    var held = HeldBackRule.judge(List.of(Rows.queued(1, 0, 1, T.plusSeconds(60))), 0, 4, T);

    assertThat(judged(held)).containsExactly("1:BACKOFF");
    assertThat(held.get(0).message()).isEqualTo("job 1 waits for its retry backoff until 2026-01-01T00:01:00Z");
  }

  @Test
  void dueJobsBeyondTheFreeSlotsWaitForASlotInClaimOrder() {
    var jobs = List.of(Rows.queued(1, 0, 0, null), Rows.queued(2, 9, 0, null), Rows.queued(3, 0, 0, null),
        Rows.job(4, JobState.PROCESSING, 1, T));

    var held = HeldBackRule.judge(jobs, 1, 2, T);   // one running of two: one free slot, job 2 (priority 9) takes it

    assertThat(judged(held)).containsExactly("1:MAX_CONCURRENT", "3:MAX_CONCURRENT");
  }

  @Test
  void aJobNotYetDueTakesNoSlot() {
    var jobs = List.of(Rows.queued(1, 9, 1, T.plusSeconds(5)), Rows.queued(2, 0, 0, null));

    assertThat(judged(HeldBackRule.judge(jobs, 0, 1, T))).containsExactly("1:BACKOFF");
  }

  @Test
  void moreRunningJobsThanTheLimitHoldEveryDueJob() {
    assertThat(judged(HeldBackRule.judge(List.of(Rows.queued(1, 0, 0, null)), 5, 4, T)))
        .containsExactly("1:MAX_CONCURRENT");
  }

  @Test
  void nothingIsHeldWhenEveryDueJobHasASlot() {
    assertThat(HeldBackRule.judge(List.of(Rows.queued(1, 0, 0, null), Rows.queued(2, 0, 0, null)), 0, 2, T))
        .isEmpty();
  }
}
