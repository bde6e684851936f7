package dev.lifeline;

import java.util.Objects;

/**
 * One event to fire at one job's snapshot, as a part of {@link Lifecycle#fireAll}. Immutable.
 *
 * @param expected the job as the caller last read it: the change is written only if the row still equals it
 * @param event what happened
 * @param context who fires it, why, and the facts the guards need ({@link EventContext#none()} when {@code null})
 */
public record TransitionRequest(Job expected, JobEvent event, EventContext context) {

  /**
   * Checks that the snapshot and the event are present.
   *
   * @param expected the job as the caller last read it
   * @param event what happened
   * @param context who fires it, why, and the facts the guards need; {@code null} means none
   * @throws NullPointerException when {@code expected} or {@code event} is {@code null}
   */
  public TransitionRequest {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(event, "event");
    context = context == null ? EventContext.none() : context;
  }
}
