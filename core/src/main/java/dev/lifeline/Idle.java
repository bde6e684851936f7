package dev.lifeline;

/** When {@link Supervisor#runUntilIdle(java.time.Duration, Idle)} counts a store as idle. */
public enum Idle {
  /** Nothing is QUEUED, PROCESSING or VERIFICATION, and no FAILED job waits for a RETRY. */
  NOTHING_ACTIVE,
  /**
   * As {@link #NOTHING_ACTIVE}, except that VERIFICATION jobs waiting for an operator's approval (their verifiers
   * answered {@link dev.lifeline.spi.Verdict.Pending}) do not count: only an operator can move them on.
   */
  OPERATOR_WAITS_ONLY
}
