package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One history row: a job moved {@code from → to} on {@code event}. The first row of every job has
 * {@code from == null} and event SUBMIT.
 *
 * @param jobId the job
 * @param attempt the job's attempt after the transition
 * @param from the state before, {@code null} for SUBMIT
 * @param to the state after
 * @param event what happened
 * @param reason the failure reason when {@code to} is FAILED, else {@code null}
 * @param detail a one-line explanation, or {@code null}
 * @param actor who fired it (a supervisor's host:pid, {@code operator}, or a caller's name)
 * @param at when it was committed
 */
public record Transition(
    JobId jobId,
    int attempt,
    JobState from,
    JobState to,
    JobEvent event,
    FailureReason reason,
    String detail,
    String actor,
    Instant at) {

  /**
   * Checks the required fields and that only SUBMIT has no from-state.
   *
   * @param jobId the job
   * @param attempt the job's attempt after the transition
   * @param from the state before, {@code null} for SUBMIT
   * @param to the state after
   * @param event what happened
   * @param reason the failure reason when {@code to} is FAILED, else {@code null}
   * @param detail a one-line explanation, or {@code null}
   * @param actor who fired it (a supervisor's host:pid, {@code operator}, or a caller's name)
   * @param at when it was committed
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when {@code from} is missing for another event, or given for SUBMIT
   */
  public Transition {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(at, "at");
    if ((from == null) != (event == JobEvent.SUBMIT)) {
      throw new IllegalArgumentException("only SUBMIT has no from-state");
    }
  }
}
