package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus.Liveness;

/**
 * Step 4: FAILED jobs with attempts left that were not cancelled get RETRY, once their failed attempt's session is
 * no longer seen running (it is stopped first, so a job never has two sessions at once). Stateless.
 */
final class RetryStep {

  private RetryStep() {}

  static void run(PassContext c) {
    c.eachJob("retry", c.inState(JobState.FAILED), job -> {
      if (!retryPending(job)) {
        return;
      }
      SessionHandle handle = PassContext.handle(job);
      if (handle != null && c.observation.statusOf(handle).liveness() == Liveness.ALIVE) {
        return; // the failed attempt's session still runs: it is stopped first, the retry waits for a later pass
      }
      c.fire(job, JobEvent.RETRY, EventContext.none(), null);
    });
  }

  /** A FAILED job with attempts left that was not cancelled: RETRY will re-queue it. */
  static boolean retryPending(Job job) {
    return job.state() == JobState.FAILED && job.failureReason() != FailureReason.CANCELLED
        && job.attempt() < job.spec().maxAttempts();
  }
}
