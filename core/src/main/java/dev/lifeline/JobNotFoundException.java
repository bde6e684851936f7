package dev.lifeline;

/** No job has this id in the store. */
public final class JobNotFoundException extends LifelineException {
  /** The id no job has. */
  private final JobId jobId;

  /**
   * No job has {@code jobId}.
   *
   * @param jobId the id asked for
   */
  public JobNotFoundException(JobId jobId) {
    super("No job with id " + jobId + ".");
    this.jobId = jobId;
  }

  /**
   * The id asked for.
   *
   * @return the id
   */
  public JobId jobId() {
    return jobId;
  }
}
