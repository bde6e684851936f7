package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.spi.RetryRule;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus.Liveness;

/**
 * Step 4: FAILED jobs with attempts left that were not cancelled get RETRY, once their failed attempt's session is
 * no longer seen running (it is stopped first, so a job never has two sessions at once). Stateless.
 */
final class RetryStep {

  /** At most this many retries are read per pass; the rest wait for the next pass (oldest first). */
  static final int BATCH = 1000;

  private RetryStep() {}

  static void run(PassContext c) {
    c.eachJob("retry", c.retryable(BATCH), job -> {
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

  /** A FAILED job with attempts left that was not cancelled: RETRY will re-queue it ({@link RetryRule}). */
  static boolean retryPending(Job job) {
    return RetryRule.allows(job);
  }
}
