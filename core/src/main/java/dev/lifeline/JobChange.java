package dev.lifeline;

import java.util.Objects;

/**
 * A change the lifecycle committed (or, from {@link Lifecycle#decide}, would commit): the job as written and the
 * history row written with it in the same transaction, so a caller never re-reads the history to learn why a job
 * moved. Immutable.
 *
 * @param job the job as written
 * @param transition its history row (for a submit, the SUBMIT row)
 */
public record JobChange(Job job, Transition transition) {

  /**
   * Checks that the job and its row are present and belong to the same job.
   *
   * @param job the job as written
   * @param transition its history row (for a submit, the SUBMIT row)
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when the row is another job's
   */
  public JobChange {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(transition, "transition");
    if (!job.id().equals(transition.jobId())) {
      throw new IllegalArgumentException("the transition of job " + transition.jobId() + " cannot go with job "
          + job.id());
    }
  }

  /**
   * The job's id.
   *
   * @return the job's id
   */
  public JobId id() {
    return job.id();
  }

  /**
   * The job's state after the change.
   *
   * @return the job's state
   */
  public JobState state() {
    return job.state();
  }
}
