package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification a change called for, kept in the store's outbox: written in the same transaction as the change,
 * delivered by the supervisor after commit, at least once. A delivery delivered more than once (a supervisor that
 * died between running the hook and recording it) carries the same {@link #id()} each time. Immutable.
 *
 * @param id the delivery's id in its store (positive): {@code LIFELINE_DELIVERY_ID}, {@code X-Lifeline-Delivery}
 * @param jobId the job that changed
 * @param attempt the job's attempt at the change
 * @param from the state before the change, or {@code null} for SUBMIT
 * @param state the state the change entered
 * @param event the change's event
 * @param reason the failure reason the change recorded, or {@code null}
 * @param exitCode the job's exit code after the change, or {@code null}
 * @param source which hook called for it: {@code job} (the job's own), or {@code hook <id>}
 * @param target what it calls, copied from the hook when the change was made
 * @param status where it stands
 * @param tries how many times delivering it was tried
 * @param nextAt when it is due next (PENDING), or when it was last tried
 * @param lastError why the last try failed, or {@code null}
 * @param createdAt when the change was made
 * @param finishedAt when it was delivered or given up, or {@code null} while PENDING
 */
public record Delivery(long id, JobId jobId, int attempt, JobState from, JobState state, JobEvent event,
    FailureReason reason, Integer exitCode, String source, HookTarget target, Status status, int tries,
    Instant nextAt, String lastError, Instant createdAt, Instant finishedAt) {

  /** Where a delivery stands. */
  public enum Status {
    /** Not delivered yet: due at {@link Delivery#nextAt()}. */
    PENDING,
    /** Delivered: the command exited 0, or the webhook answered 2xx. */
    DELIVERED,
    /** Given up after the last allowed try (parked); {@link Delivery#lastError()} says why. */
    FAILED
  }

  /**
   * @param id the delivery's id
   * @param jobId the job
   * @param attempt its attempt
   * @param from the state before, or {@code null}
   * @param state the state entered
   * @param event the event
   * @param reason the failure reason, or {@code null}
   * @param exitCode the exit code, or {@code null}
   * @param source the hook that called for it
   * @param target what it calls
   * @param status where it stands
   * @param tries how many tries so far
   * @param nextAt when it is due
   * @param lastError the last failure, or {@code null}
   * @param createdAt when the change was made
   * @param finishedAt when it ended, or {@code null}
   * @throws NullPointerException when a required field is {@code null}
   */
  public Delivery {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAt, "nextAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * The PENDING delivery a change calls for: due at once, never tried. Its id is the store's to give; {@code 0} here.
   *
   * @param next the job as the change wrote it
   * @param transition the change's history row
   * @param source which hook called for it
   * @param target what it calls
   * @return the delivery to store
   */
  public static Delivery pending(Job next, Transition transition, String source, HookTarget target) {
    return new Delivery(0, next.id(), transition.attempt(), transition.from(), transition.to(), transition.event(),
        transition.reason(), next.exitCode(), source, target, Status.PENDING, 0, transition.at(), null,
        transition.at(), null);
  }

  /**
   * This delivery with the id its store gave it.
   *
   * @param id the id
   * @return the copy
   */
  public Delivery withId(long id) {
    return new Delivery(id, jobId, attempt, from, state, event, reason, exitCode, source, target, status, tries,
        nextAt, lastError, createdAt, finishedAt);
  }

  /**
   * This delivery after one more try.
   *
   * @param status DELIVERED, FAILED (given up) or PENDING (to be tried again at {@code nextAt})
   * @param at when the try ended
   * @param nextAt when to try again (PENDING), else {@code at}
   * @param error why the try failed, or {@code null} when it succeeded
   * @return the copy
   */
  public Delivery tried(Status status, Instant at, Instant nextAt, String error) {
    return new Delivery(id, jobId, attempt, from, state, event, reason, exitCode, source, target, status, tries + 1,
        nextAt, error == null ? lastError : error, createdAt, status == Status.PENDING ? null : at);
  }
}
