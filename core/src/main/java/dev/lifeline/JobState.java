package dev.lifeline;

/**
 * The five states of a job (ARCHITECTURE.md "The lifecycle"). Stored as the upper-case enum name.
 *
 * <p>{@link #COMPLETED} is terminal; {@link #FAILED} is terminal unless {@link JobEvent#RETRY} applies.
 */
public enum JobState {
  /** Waiting to be started. */
  QUEUED,
  /** An attempt's session is running. */
  PROCESSING,
  /** The attempt exited 0; its verifiers (or an operator) decide. */
  VERIFICATION,
  /** Done and verified; terminal. */
  COMPLETED,
  /** Failed for a {@link FailureReason}; terminal unless a RETRY applies. */
  FAILED;

  /**
   * True for COMPLETED and FAILED: no session runs and no supervisor work is pending for the attempt.
   *
   * @return whether the state is COMPLETED or FAILED
   */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }

  /**
   * True for QUEUED, PROCESSING and VERIFICATION: the job still needs the supervisor.
   *
   * @return whether the state is QUEUED, PROCESSING or VERIFICATION
   */
  public boolean isActive() {
    return !isFinal();
  }
}
