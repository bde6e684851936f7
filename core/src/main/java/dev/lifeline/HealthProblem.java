package dev.lifeline;

import dev.lifeline.internal.view.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One reason a store is unhealthy, as {@link HealthReport#problems()} lists them; each says what is wrong in one
 * sentence ({@link #message()}). A report with any problem is not {@link HealthReport#healthy() healthy}. Immutable.
 */
public sealed interface HealthProblem {

  /**
   * One sentence saying what is wrong.
   *
   * @return the message
   */
  String message();

  /**
   * An active job has not changed for longer than the threshold (a QUEUED job counts from its {@code notBefore}
   * when that is later than its last change).
   *
   * @param jobId the job
   * @param state its state
   * @param since when the wait began: its last change, or its {@code notBefore}
   * @param unchangedFor how long ago that was
   * @param threshold {@link HealthQuery#stuckAfter()}
   */
  record Stuck(JobId jobId, JobState state, Instant since, Duration unchangedFor, Duration threshold)
      implements HealthProblem {
    /**
     * Checks that the job id and the state are present.
     *
     * @param jobId the job
     * @param state its state
     * @param since when the wait began: its last change, or its {@code notBefore}
     * @param unchangedFor how long ago that was
     * @param threshold {@link HealthQuery#stuckAfter()}
     * @throws NullPointerException when a required field is {@code null}
     */
    public Stuck {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(state, "state");
    }

    @Override
    public String message() {
      return "job " + jobId + " has been " + state + " for " + DurationText.of(unchangedFor) + " (more than "
          + DurationText.of(threshold) + ")";
    }
  }

  /**
   * Jobs are QUEUED, PROCESSING or VERIFICATION and no supervisor holds a fresh lease.
   *
   * @param activeJobs how many jobs need a supervisor
   * @param holder the holder of the stale lease, or {@code null} when there is no lease
   * @param heartbeatAge how old that holder's heartbeat is, or {@code null} when there is no lease
   */
  record NoSupervisor(long activeJobs, String holder, Duration heartbeatAge) implements HealthProblem {
    @Override
    public String message() {
      return activeJobs + " job(s) need a supervisor, but " + (holder == null ? "none is running"
          : "the lease of " + holder + " is stale (heartbeat " + DurationText.of(heartbeatAge) + " ago)");
    }
  }

  /**
   * The lease holder's supervisor is alive but its passes keep failing: as many in a row as the threshold, or more.
   *
   * @param holder the lease holder
   * @param consecutiveFailures how many passes in a row failed
   * @param lastAt when the latest of them ended
   * @param problem the latest pass's own sentence
   */
  record PassesFailing(String holder, int consecutiveFailures, Instant lastAt, String problem)
      implements HealthProblem {
    /**
     * Checks that the holder is present.
     *
     * @param holder the lease holder
     * @param consecutiveFailures how many passes in a row failed
     * @param lastAt when the latest of them ended
     * @param problem the latest pass's own sentence
     * @throws NullPointerException when a required field is {@code null}
     */
    public PassesFailing {
      Objects.requireNonNull(holder, "holder");
    }

    @Override
    public String message() {
      return "the supervisor " + holder + " failed its last " + consecutiveFailures + " passes: " + problem;
    }
  }

  /**
   * An active job's row cannot be decoded (a tampered or damaged store); the supervisor skips it.
   *
   * @param jobId the row's id
   * @param reason what is wrong with it
   */
  record UnreadableJob(JobId jobId, String reason) implements HealthProblem {
    /**
     * Checks that the job id is present.
     *
     * @param jobId the row's id
     * @param reason what is wrong with it
     * @throws NullPointerException when a required field is {@code null}
     */
    public UnreadableJob {
      Objects.requireNonNull(jobId, "jobId");
    }

    @Override
    public String message() {
      return "job " + jobId + " cannot be read: " + reason;
    }
  }

  /**
   * Notifications were given up after their last allowed try ({@link Delivery.Status#FAILED}); {@code show} lists a
   * job's with their last error.
   *
   * @param count how many
   */
  record NotificationsFailed(long count) implements HealthProblem {
    @Override
    public String message() {
      return count + (count == 1 ? " notification was" : " notifications were") + " given up after the last try "
          + "(lifeline show ID lists a job's, with the last error)";
    }
  }
}
