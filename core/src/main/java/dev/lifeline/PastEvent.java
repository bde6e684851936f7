package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * An event a job went through in another system, at the time it happened there, for {@link Lifecycle#importJob}.
 * Immutable.
 *
 * @param event what happened (never SUBMIT: the import's own insert is the job's SUBMIT)
 * @param at when it happened
 * @param context what is known of it (the exit code for EXITED, a detail line); {@code null} means none
 */
public record PastEvent(JobEvent event, Instant at, EventContext context) {

  /**
   * Checks the event and its time.
   *
   * @param event what happened
   * @param at when
   * @param context what is known of it, or {@code null}
   * @throws NullPointerException when {@code event} or {@code at} is {@code null}
   * @throws IllegalArgumentException when {@code event} is SUBMIT
   */
  public PastEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(at, "at");
    if (event == JobEvent.SUBMIT) {
      throw new IllegalArgumentException("a past event cannot be SUBMIT: importing the job is its SUBMIT");
    }
    context = context == null ? EventContext.none() : context;
  }

  /**
   * A past event with nothing known of it but its time.
   *
   * @param event what happened
   * @param at when
   * @return the past event
   */
  public static PastEvent of(JobEvent event, Instant at) {
    return new PastEvent(event, at, null);
  }
}
