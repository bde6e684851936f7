package dev.lifeline.internal.view;

import static dev.lifeline.internal.view.Rows.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StuckRuleTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void anActiveJobUnchangedForLongerThanTheThresholdIsStuck() {
    var stuck = StuckRule.judge(Rows.job(1, JobState.PROCESSING, 1, T), T.plus(HOUR).plusMillis(1), HOUR);

    assertThat(stuck).hasValueSatisfying(p -> {
      assertThat(p.unchangedFor()).isEqualTo(HOUR.plusMillis(1));
      assertThat(p.message()).isEqualTo("job 1 has been PROCESSING for 1h00m (more than 1h00m)");
    });
  }

  @Test
  void exactlyTheThresholdIsNotYetStuck() {
    assertThat(StuckRule.judge(Rows.job(1, JobState.VERIFICATION, 1, T), T.plus(HOUR), HOUR)).isEmpty();
  }

  @Test
  void aFinishedJobIsNeverStuck() {
    assertThat(StuckRule.judge(Rows.job(1, JobState.COMPLETED, 1, T), T.plus(Duration.ofDays(9)), HOUR)).isEmpty();
    assertThat(StuckRule.judge(Rows.job(1, JobState.FAILED, 1, T), T.plus(Duration.ofDays(9)), HOUR)).isEmpty();
  }

  @Test
  void aQueuedJobNotYetDueIsWaitingNotStuck() {
    var waiting = Rows.queued(1, 0, 1, T.plus(Duration.ofDays(2)));

    assertThat(StuckRule.judge(waiting, T.plus(Duration.ofDays(1)), HOUR)).isEmpty();
  }

  @Test
  void aQueuedJobCountsFromWhenItBecameDue() {
    var due = Rows.queued(1, 0, 1, T.plus(Duration.ofDays(2)));

    assertThat(StuckRule.judge(due, T.plus(Duration.ofDays(2)).plus(HOUR), HOUR)).isEmpty();
    assertThat(StuckRule.judge(due, T.plus(Duration.ofDays(2)).plus(HOUR).plusSeconds(1), HOUR))
        .hasValueSatisfying(p -> assertThat(p.since()).isEqualTo(T.plus(Duration.ofDays(2))));
  }

  @Test
  void aRowChangedInTheFutureOfTheClockIsNotStuck() {
    assertThat(StuckRule.judge(Rows.job(1, JobState.PROCESSING, 1, T.plusSeconds(60)), T, Duration.ZERO)).isEmpty();
  }
}
