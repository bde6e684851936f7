package dev.lifeline.event;

/**
 * Receives what happens, instead of core logging it. Called on the thread that caused the event, after the store
 * committed; a listener that throws is ignored (the exception does not undo or stop anything), so keep listeners
 * quick and let them catch their own failures.
 */
public interface LifelineListener {

  /**
   * A transition was committed.
   *
   * @param event the job as written and its history row
   */
  default void onTransition(TransitionEvent event) {}

  /**
   * Something notable was observed that is not a transition (a session lost, the runtime unknown, an orphan).
   *
   * @param notice what was observed
   */
  default void onNotice(Notice notice) {}
}
