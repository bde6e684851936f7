package dev.lifeline;

/** The transition table has no edge for {@code event} from the job's state (for example START on a COMPLETED job). */
public final class IllegalTransitionException extends TransitionException {
  /**
   * An event with no edge from the job's state.
   *
   * @param jobId the job
   * @param from the job's state
   * @param event the event without an edge
   */
  public IllegalTransitionException(JobId jobId, JobState from, JobEvent event) {
    super(jobId, from, event, "Job " + jobId + " is " + from + ", where " + event + " is not allowed.", null);
  }
}
