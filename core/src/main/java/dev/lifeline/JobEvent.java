package dev.lifeline;

/** The events that move a job between {@link JobState}s; the legal moves are {@link TransitionTable#standard()}. */
public enum JobEvent {
  SUBMIT,
  START,
  EXITED,
  LOST,
  TIME_OUT,
  PASS,
  REJECT,
  CANCEL,
  RETRY
}
