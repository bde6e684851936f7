package dev.lifeline;

/** An edge exists but a guard refused it; {@link #guard()} names the guard and {@link #reason()} says why. */
public final class GuardRejectedException extends TransitionException {
  /** The refusing guard's name. */
  private final String guard;
  /** The guard's one-line reason. */
  private final String reason;

  /**
   * A guard's refusal of {@code event} on the job.
   *
   * @param jobId the job
   * @param from the job's state
   * @param event the refused event
   * @param guard the guard's name
   * @param reason the guard's one-line reason
   */
  public GuardRejectedException(JobId jobId, JobState from, JobEvent event, String guard, String reason) {
    super(jobId, from, event, event + " refused for job " + jobId + " (" + from + ") by guard '" + guard + "': " + reason
        + ".", null);
    this.guard = guard;
    this.reason = reason;
  }

  /**
   * The name of the guard that refused.
   *
   * @return the guard's name
   */
  public String guard() {
    return guard;
  }

  /**
   * Why the guard refused, in one line.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
