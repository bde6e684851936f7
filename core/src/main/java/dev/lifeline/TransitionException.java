package dev.lifeline;

/** An event was not applied to a job. The subtype says why; the job's row is unchanged. */
public abstract sealed class TransitionException extends LifelineException
    permits IllegalTransitionException, GuardRejectedException, ConcurrentTransitionException,
        TransitionFailedException {

  /** The job the event was fired at. */
  private final JobId jobId;
  /** The job's state when the event was refused. */
  private final JobState from;
  /** The event that was not applied. */
  private final JobEvent event;

  TransitionException(JobId jobId, JobState from, JobEvent event, String message, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
    this.from = from;
    this.event = event;
  }

  /**
   * The job the event was fired at.
   *
   * @return the job's id
   */
  public JobId jobId() {
    return jobId;
  }

  /**
   * The state the job was in when the event was refused.
   *
   * @return the state
   */
  public JobState from() {
    return from;
  }

  /**
   * The event that was not applied.
   *
   * @return the event
   */
  public JobEvent event() {
    return event;
  }
}
