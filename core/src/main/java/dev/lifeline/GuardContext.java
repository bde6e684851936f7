package dev.lifeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a guard may look at: the job as persisted, the event and its context, the time of the decision and,
 * for START, how many jobs are PROCESSING, which ones, and how many may be. Immutable.
 *
 * <p>{@link #runningJobs()} is a read-only view: a guard may read it freely, also inside the atomic claim of
 * {@link Lifecycle#startNext} (it is read from the store on first use, within the claim, so it agrees with
 * {@link #running()}); it cannot be changed, and changing it would change nothing.
 *
 * @param job the persisted snapshot the decision is computed from
 * @param event the event being fired
 * @param context what the caller supplied
 * @param now the lifecycle clock's instant
 * @param running how many jobs are PROCESSING (only meaningful for START)
 * @param maxConcurrent the concurrency limit (only meaningful for START)
 * @param runningJobs the PROCESSING jobs, an unmodifiable list (for START; empty for every other event)
 */
public record GuardContext(Job job, JobEvent event, EventContext context, Instant now, int running,
    int maxConcurrent, List<Job> runningJobs) {

  /**
   * Checks that job, event, context, now and runningJobs are present.
   *
   * @param job the persisted snapshot the decision is computed from
   * @param event the event being fired
   * @param context what the caller supplied
   * @param now the lifecycle clock's instant
   * @param running how many jobs are PROCESSING (only meaningful for START)
   * @param maxConcurrent the concurrency limit (only meaningful for START)
   * @param runningJobs the PROCESSING jobs, an unmodifiable list (for START; empty for every other event)
   * @throws NullPointerException when a required field is {@code null}
   */
  public GuardContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(runningJobs, "runningJobs");
  }

  /**
   * A context that lists no running jobs (for events other than START, and for tests).
   *
   * @param job the persisted snapshot
   * @param event the event being fired
   * @param context what the caller supplied
   * @param now the lifecycle clock's instant
   * @param running how many jobs are PROCESSING
   * @param maxConcurrent the concurrency limit
   */
  public GuardContext(Job job, JobEvent event, EventContext context, Instant now, int running, int maxConcurrent) {
    this(job, event, context, now, running, maxConcurrent, List.of());
  }
}
