package dev.lifeline;

/**
 * The compare-and-set lost: another thread or process changed the job between reading it and writing the
 * transition. Nothing was written; read the job again and decide anew.
 */
public final class ConcurrentTransitionException extends TransitionException {
  private final long expectedVersion;

  public ConcurrentTransitionException(JobId jobId, JobState from, JobEvent event, long expectedVersion) {
    super(jobId, from, event, "Job " + jobId + " changed while " + event + " was being applied (expected " + from
        + " at version " + expectedVersion + "); nothing was written.", null);
    this.expectedVersion = expectedVersion;
  }

  public long expectedVersion() {
    return expectedVersion;
  }
}
