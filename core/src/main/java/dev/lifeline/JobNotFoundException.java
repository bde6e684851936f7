package dev.lifeline;

/** No job has this id in the store. */
public final class JobNotFoundException extends LifelineException {
  private final JobId jobId;

  public JobNotFoundException(JobId jobId) {
    super("No job with id " + jobId + ".");
    this.jobId = jobId;
  }

  public JobId jobId() {
    return jobId;
  }
}
