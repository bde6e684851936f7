package dev.lifeline;

/** A guard or an action threw while deciding the event; the cause is kept and nothing was written. */
public final class TransitionFailedException extends TransitionException {
  private final String step;

  public TransitionFailedException(JobId jobId, JobState from, JobEvent event, String step, Throwable cause) {
    super(jobId, from, event, event + " on job " + jobId + " failed in " + step + ": " + cause, cause);
    this.step = step;
  }

  /** The guard or action that threw, by name. */
  public String step() {
    return step;
  }
}
