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
 * @param dependencies the jobs {@code job} waits for ({@link JobSpec#after()}) as they are now, in that order, for
 *     START and ABANDON (empty for other events); a dependency the store no longer holds is left out. Read on first
 *     use, like {@code runningJobs}.
 * @param group the settings of the job's group as stored now (for START; {@link GroupSettings#open} when no one
 *     configured it)
 */
public record GuardContext(Job job, JobEvent event, EventContext context, Instant now, int running,
    int maxConcurrent, List<Job> runningJobs, List<Job> dependencies, GroupSettings group) {

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
   * @param dependencies the jobs {@code job} waits for, as they are now (for START and ABANDON)
   * @param group the settings of the job's group ({@code null}: {@link GroupSettings#open})
   * @throws NullPointerException when a required field is {@code null}
   */
  public GuardContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(runningJobs, "runningJobs");
    Objects.requireNonNull(dependencies, "dependencies");
    if (group == null) {
      group = GroupSettings.open(job.spec().group());
    }
  }

  /**
   * A context whose job's group is not configured.
   *
   * @param job the persisted snapshot the decision is computed from
   * @param event the event being fired
   * @param context what the caller supplied
   * @param now the lifecycle clock's instant
   * @param running how many jobs are PROCESSING (only meaningful for START)
   * @param maxConcurrent the concurrency limit (only meaningful for START)
   * @param runningJobs the PROCESSING jobs
   * @param dependencies the jobs {@code job} waits for, as they are now
   */
  public GuardContext(Job job, JobEvent event, EventContext context, Instant now, int running, int maxConcurrent,
      List<Job> runningJobs, List<Job> dependencies) {
    this(job, event, context, now, running, maxConcurrent, runningJobs, dependencies, null);
  }

  /**
   * How many of {@link #runningJobs()} belong to the job's group.
   *
   * @return the PROCESSING jobs of the same group
   */
  public int runningInGroup() {
    int n = 0;
    for (Job j : runningJobs) {
      if (j.spec().group().equals(job.spec().group())) {
        n++;
      }
    }
    return n;
  }

  /**
   * A context without dependencies' snapshots (for a job that waits for none, and for tests).
   *
   * @param job the persisted snapshot the decision is computed from
   * @param event the event being fired
   * @param context what the caller supplied
   * @param now the lifecycle clock's instant
   * @param running how many jobs are PROCESSING (only meaningful for START)
   * @param maxConcurrent the concurrency limit (only meaningful for START)
   * @param runningJobs the PROCESSING jobs
   */
  public GuardContext(Job job, JobEvent event, EventContext context, Instant now, int running, int maxConcurrent,
      List<Job> runningJobs) {
    this(job, event, context, now, running, maxConcurrent, runningJobs, List.of(), null);
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
