package dev.lifeline;

/** The events that move a job between {@link JobState}s; the legal moves are {@link TransitionTable#standard()}. */
public enum JobEvent {
  /** A new job is enqueued: (none) to QUEUED. */
  SUBMIT,
  /** The job is claimed to run an attempt: QUEUED to PROCESSING. */
  START,
  /** The attempt's command exited: to VERIFICATION on 0, to FAILED otherwise. */
  EXITED,
  /** The attempt's session vanished without an exit code, or its launch failed: to FAILED. */
  LOST,
  /** The attempt ran past the job's timeout: to FAILED. */
  TIME_OUT,
  /** Every verifier passed, or an operator approved: VERIFICATION to COMPLETED. */
  PASS,
  /** A verifier failed, or an operator rejected: VERIFICATION to FAILED. */
  REJECT,
  /** An operator cancelled the job: QUEUED, PROCESSING or VERIFICATION to FAILED. */
  CANCEL,
  /** A FAILED job is queued for another attempt: FAILED to QUEUED. */
  RETRY,
  /** An operator holds a QUEUED job: it stays QUEUED and does not start until released. */
  HOLD,
  /** An operator releases a held QUEUED job: it may start again. */
  RELEASE,
  /** A job it waits for ended FAILED for good: the supervisor ends the QUEUED job FAILED (DEPENDENCY_FAILED). */
  ABANDON
}
