package dev.lifeline;

/** A guard or an action threw while deciding the event; the cause is kept and nothing was written. */
public final class TransitionFailedException extends TransitionException {
  /** The guard or action that threw. */
  private final String step;

  /**
   * A guard or action that threw while deciding {@code event} on the job.
   *
   * @param jobId the job
   * @param from the job's state
   * @param event the event being decided
   * @param step the guard or action that threw, by name
   * @param cause what it threw
   */
  public TransitionFailedException(JobId jobId, JobState from, JobEvent event, String step, Throwable cause) {
    super(jobId, from, event, event + " on job " + jobId + " failed in " + step + ": " + cause, cause);
    this.step = step;
  }

  /**
   * The guard or action that threw, by name.
   *
   * @return the step's name
   */
  public String step() {
    return step;
  }
}
