package dev.lifeline;

/**
 * What the {@link Supervisor} does with a session tagged by Lifeline whose job is terminal, on another attempt, or
 * unknown to the store. Sessions without the tag are never touched.
 */
public enum OrphanPolicy {
  /** Report it once through {@link dev.lifeline.event.Notice.OrphanFound} and leave it running (the default). */
  REPORT,
  /** Report it, then stop it once it has been seen as an orphan for longer than the orphan grace. */
  KILL
}
