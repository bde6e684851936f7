package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.TransitionTable;

/**
 * Decides which edge of the table an event takes, or throws the typed reason it takes none. Never writes.
 * Implementations are thread-safe.
 */
interface Engine {

  /**
   * @param context the job as persisted, the event, its context and the decision time
   * @return the edge taken
   * @throws dev.lifeline.IllegalTransitionException when no edge leaves the job's state on the event
   * @throws dev.lifeline.GuardRejectedException when edges exist but guards refused them all
   * @throws dev.lifeline.TransitionFailedException when a guard threw
   */
  TransitionTable.Edge decide(GuardContext context);
}
