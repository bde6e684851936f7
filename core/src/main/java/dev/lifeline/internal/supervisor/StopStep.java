package dev.lifeline.internal.supervisor;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.util.Map;
import java.util.Optional;

/**
 * Stops, after the commit that ended it, the still-running session of an attempt that is over: the job timed out
 * or was cancelled (by whoever asked), waits for a retry, or is queued for its next attempt. Runs before START so
 * that no job ever has two sessions at once. Stateless.
 */
final class StopStep {

  private StopStep() {}

  static void run(PassContext c) {
    for (Map.Entry<SessionHandle, SessionStatus> e : c.sessionsInOrder()) {
      SessionHandle h = e.getKey();
      if (e.getValue().liveness() != Liveness.ALIVE || c.stoppedInThisPass(h)) {
        continue;
      }
      c.guarded("stop", h.jobId(), () -> handle(c, h), failure -> { });
    }
  }

  private static void handle(PassContext c, SessionHandle h) {
    Optional<Job> found = c.current(h.jobId());
    if (found == null || found.isEmpty()) {
      return;
    }
    Job job = found.get();
    if (job.attempt() != h.attempt() || !h.name().equals(job.session())) {
      return;
    }
    if (job.state() == JobState.QUEUED) {
      c.stop(h, "the job is queued for its next attempt");
    } else if (job.state() == JobState.FAILED && (job.failureReason() == FailureReason.TIMED_OUT
        || job.failureReason() == FailureReason.CANCELLED || RetryStep.retryPending(job))) {
      c.stop(h, "the job is FAILED (" + job.failureReason() + ")");
    }
  }
}
