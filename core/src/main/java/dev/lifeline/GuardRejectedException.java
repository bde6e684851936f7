package dev.lifeline;

/** An edge exists but a guard refused it; {@link #guard()} names the guard and {@link #reason()} says why. */
public final class GuardRejectedException extends TransitionException {
  private final String guard;
  private final String reason;

  public GuardRejectedException(JobId jobId, JobState from, JobEvent event, String guard, String reason) {
    super(jobId, from, event, event + " refused for job " + jobId + " (" + from + ") by guard '" + guard + "': " + reason
        + ".", null);
    this.guard = guard;
    this.reason = reason;
  }

  public String guard() {
    return guard;
  }

  public String reason() {
    return reason;
  }
}
