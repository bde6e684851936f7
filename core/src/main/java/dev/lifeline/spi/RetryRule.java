package dev.lifeline.spi;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobState;

/**
 * Which FAILED jobs a RETRY may still re-queue: the supervisor's retry step, {@link JobStore#listRetryable} and the
 * read view use this one rule, so they cannot disagree. A job is retryable when it is FAILED, was not
 * {@link FailureReason#CANCELLED cancelled} or {@link FailureReason#DEPENDENCY_FAILED abandoned}, and has used fewer attempts than its spec allows.
 *
 * <p>In SQL this is {@code state = 'FAILED' AND attempt < max_attempts AND (failure_reason IS NULL OR failure_reason
 * NOT IN ('CANCELLED', 'DEPENDENCY_FAILED'))}, as the SQLite store reads it through its {@code job_retryable} index.
 *
 * <p>Stateless and thread-safe.
 */
public final class RetryRule {

  private RetryRule() {}

  /**
   * True when a RETRY may re-queue {@code job}.
   *
   * @param job the job
   * @return whether it is FAILED, not cancelled, with attempts left
   */
  public static boolean allows(Job job) {
    return job.state() == JobState.FAILED && job.failureReason() != FailureReason.CANCELLED
        && job.failureReason() != FailureReason.DEPENDENCY_FAILED && job.attempt() < job.spec().maxAttempts();
  }
}
