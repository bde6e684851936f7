package dev.lifeline;

/**
 * The compare-and-set lost: another thread or process changed the job between reading it and writing the
 * transition. Nothing was written; read the job again and decide anew.
 */
public final class ConcurrentTransitionException extends TransitionException {
  /** The version the writer expected the row to have. */
  private final long expectedVersion;

  /**
   * A lost compare-and-set of {@code event} on the job.
   *
   * @param jobId the job
   * @param from the state the writer read
   * @param event the event being applied
   * @param expectedVersion the version the writer read
   */
  public ConcurrentTransitionException(JobId jobId, JobState from, JobEvent event, long expectedVersion) {
    super(jobId, from, event, "Job " + jobId + " changed while " + event + " was being applied (expected " + from
        + " at version " + expectedVersion + "); nothing was written.", null);
    this.expectedVersion = expectedVersion;
  }

  /**
   * The version the writer read; the row had moved on.
   *
   * @return the expected version
   */
  public long expectedVersion() {
    return expectedVersion;
  }
}
