package dev.lifeline.internal.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrphanRuleTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final SessionHandle SESSION = new SessionHandle(JobId.of(1), 1, "job-1-1");

  private static Job job(JobState state, int attempt, String session) {
    return new Job(JobId.of(1), JobSpec.builder("true").build(), state, attempt, session, null, null,
        state == JobState.FAILED ? FailureReason.EXIT_CODE : null, null, null, null, T, T, null, T, attempt);
  }

  @Test
  void theRecordedSessionOfAProcessingJobsCurrentAttemptIsNoOrphan() {
    assertThat(OrphanRule.why(SESSION, job(JobState.PROCESSING, 1, "job-1-1"))).isEmpty();
  }

  @Test
  void theRecordedSessionOfAVerifyingJobIsNoOrphan() {
    assertThat(OrphanRule.why(SESSION, job(JobState.VERIFICATION, 1, "job-1-1"))).isEmpty();
  }

  @Test
  void aSessionWhoseJobIsNotInTheStoreIsAnOrphan() {
    assertThat(OrphanRule.why(SESSION, null)).contains("its job is not in the store");
  }

  @Test
  void aSessionOfACompletedJobIsAnOrphan() {
    assertThat(OrphanRule.why(SESSION, job(JobState.COMPLETED, 1, "job-1-1"))).contains("its job is COMPLETED");
  }

  @Test
  void aSessionOfAFailedJobIsAnOrphanEvenOnItsOwnAttempt() {
    assertThat(OrphanRule.why(SESSION, job(JobState.FAILED, 1, "job-1-1"))).contains("its job is FAILED");
  }

  @Test
  void aFinishedJobIsNamedBeforeItsAttempt() {
    // a job cancelled while QUEUED (attempt 0) with a stray attempt-1 session: the state says more than the attempt
    assertThat(OrphanRule.why(SESSION, job(JobState.FAILED, 0, null))).contains("its job is FAILED");
  }

  @Test
  void aSessionOfAnotherAttemptOfARunningJobIsAnOrphan() {
    assertThat(OrphanRule.why(SESSION, job(JobState.PROCESSING, 2, "job-1-2"))).contains("its job is on attempt 2");
  }

  @Test
  void aSessionWithTheRightAttemptButAnotherNameIsAnOrphan() {
    assertThat(OrphanRule.why(SESSION, job(JobState.PROCESSING, 1, "other-1-1")))
        .contains("its job's session is other-1-1");
  }

  @Test
  void aSessionOfAJobQueuedAgainIsAnOrphan() {
    // after RETRY the row is QUEUED with the old attempt until START: the old attempt's session is a leftover
    assertThat(OrphanRule.why(SESSION, job(JobState.QUEUED, 1, "job-1-1"))).contains("its job is QUEUED");
  }

  @Test
  void anOrphanIsKilledOnlyOnceSeenForTheWholeGrace() {
    Duration grace = Duration.ofMinutes(5);

    assertThat(OrphanRule.killDue(T, T.plus(grace).minusMillis(1), grace)).isFalse();
    assertThat(OrphanRule.killDue(T, T.plus(grace), grace)).isTrue();
    assertThat(OrphanRule.killDue(T, T.plus(grace).plusSeconds(1), grace)).isTrue();
  }

  @Test
  void aZeroGraceKillsAtFirstSight() {
    assertThat(OrphanRule.killDue(T, T, Duration.ZERO)).isTrue();
  }
}
