package dev.lifeline;

/** An event was not applied to a job. The subtype says why; the job's row is unchanged. */
public abstract sealed class TransitionException extends LifelineException
    permits IllegalTransitionException, GuardRejectedException, ConcurrentTransitionException,
        TransitionFailedException {

  private final JobId jobId;
  private final JobState from;
  private final JobEvent event;

  TransitionException(JobId jobId, JobState from, JobEvent event, String message, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
    this.from = from;
    this.event = event;
  }

  public JobId jobId() {
    return jobId;
  }

  /** The state the job was in when the event was refused. */
  public JobState from() {
    return from;
  }

  public JobEvent event() {
    return event;
  }
}
