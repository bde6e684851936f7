package dev.lifeline.internal.view;

import dev.lifeline.HealthProblem;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one stuck-job rule: an active job (QUEUED, PROCESSING, VERIFICATION) is stuck when it has waited longer than
 * the threshold since its last change, or, for a QUEUED job whose {@code notBefore} is later than that, since it
 * became due; a job not yet due is waiting, not stuck. Stateless and thread-safe.
 */
public final class StuckRule {

  private StuckRule() {}

  /** The stuck problem of {@code job} at {@code now}, or empty when it is finished, not due, or recent enough. */
  public static Optional<HealthProblem.Stuck> judge(Job job, Instant now, Duration after) {
    if (!job.state().isActive()) {
      return Optional.empty();
    }
    Instant since = since(job);
    if (since.isAfter(now)) {
      return Optional.empty();
    }
    Duration waited = Duration.between(since, now);
    if (waited.compareTo(after) <= 0) {
      return Optional.empty();
    }
    return Optional.of(new HealthProblem.Stuck(job.id(), job.state(), since, waited, after));
  }

  /** When {@code job}'s current wait began: its last change, or its {@code notBefore} for a QUEUED job due later. */
  static Instant since(Job job) {
    if (job.state() == JobState.QUEUED && job.notBefore() != null && job.notBefore().isAfter(job.updatedAt())) {
      return job.notBefore();
    }
    return job.updatedAt();
  }
}
