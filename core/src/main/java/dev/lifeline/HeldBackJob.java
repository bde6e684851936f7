package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A QUEUED job that the next supervisor pass would not start, and why. Immutable.
 *
 * @param job the job as stored
 * @param reason why it waits
 * @param until when it becomes due ({@code notBefore}) for {@link Reason#NOT_BEFORE} and {@link Reason#BACKOFF},
 *     else {@code null}
 * @param waitingOn for {@link Reason#DEPENDENCIES}, the jobs it waits for that are not COMPLETED yet; else empty
 */
public record HeldBackJob(Job job, Reason reason, Instant until, java.util.List<JobId> waitingOn) {

  /**
   * Checks that the job and the reason are present.
   *
   * @param job the job as stored
   * @param reason why it waits
   * @param until when it becomes due ({@code notBefore}) for {@link Reason#NOT_BEFORE} and {@link Reason#BACKOFF}, else
   *     {@code null}
   * @param waitingOn for {@link Reason#DEPENDENCIES}, the jobs not COMPLETED yet; else empty
   * @throws NullPointerException when a required field is {@code null}
   */
  public HeldBackJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(reason, "reason");
    waitingOn = waitingOn == null ? java.util.List.of() : java.util.List.copyOf(waitingOn);
  }

  /**
   * A held-back job that waits for no other job.
   *
   * @param job the job as stored
   * @param reason why it waits
   * @param until when it becomes due, or {@code null}
   */
  public HeldBackJob(Job job, Reason reason, Instant until) {
    this(job, reason, until, java.util.List.of());
  }

  /** Why a QUEUED job is not started now. */
  public enum Reason {
    /** It was submitted to start no earlier than {@code notBefore}, which is in the future. */
    NOT_BEFORE,
    /** It failed and was retried; its next attempt waits out the retry backoff ({@code notBefore}). */
    BACKOFF,
    /** It is due, but the free slots go to jobs ahead of it in {@link dev.lifeline.spi.ClaimOrder}. */
    MAX_CONCURRENT,
    /** An operator held it ({@code lifeline hold}); it waits for {@code lifeline release}. */
    HELD,
    /** It waits for jobs ({@link JobSpec#after()}) that are not COMPLETED yet: {@code waitingOn}. */
    DEPENDENCIES
  }

  /**
   * One sentence: {@code job 4 waits for its retry backoff until 2026-01-01T00:05:00Z}.
   *
   * @return the message
   */
  public String message() {
    return switch (reason) {
      case NOT_BEFORE -> "job " + job.id() + " is not to start before " + until;
      case BACKOFF -> "job " + job.id() + " waits for its retry backoff until " + until;
      case MAX_CONCURRENT -> "job " + job.id() + " waits for a free slot (max concurrent reached)";
      case HELD -> "job " + job.id() + " is held until an operator releases it";
      case DEPENDENCIES -> "job " + job.id() + " is waiting on " + String.join(", ",
          waitingOn.stream().map(JobId::toString).toList());
    };
  }
}
