package dev.lifeline;

/** Why a job is FAILED. Recorded on the row and on the history row of the transition into FAILED. */
public enum FailureReason {
  /** The command exited with a non-zero code. */
  EXIT_CODE,
  /** The session vanished (confirmed DEAD) and no exit artifact was found. */
  SESSION_LOST,
  /** The session could not be started. */
  LAUNCH_FAILED,
  /** The job ran (or verified) longer than its timeout. */
  TIMED_OUT,
  /** A verifier failed or an operator rejected the result. */
  VERIFICATION_FAILED,
  /** An operator cancelled the job. Never retried automatically. */
  CANCELLED,
  /** A job it waited for ({@link JobSpec#after()}) ended FAILED for good. Never retried automatically. */
  DEPENDENCY_FAILED
}
