package dev.lifeline;

import dev.lifeline.event.Notice;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one supervisor pass did ({@link Supervisor#tick()}) or would do ({@link Supervisor#plan()}): its actions in
 * the order they happened and the notices it raised. Immutable.
 *
 * @param at when the pass began (the lifecycle's clock)
 * @param dryRun {@code true} for {@link Supervisor#plan()}: nothing was written, started or stopped
 * @param runtimeUnknown why the runtime could not be observed, or {@code null} when it answered
 * @param runtimeUnknownSince since when the runtime has been unknown without a break, or {@code null}
 * @param actions the transitions, launches, kills, orphans and verifications, in order
 * @param notices the notable observations, in order
 * @param problem one sentence naming the jobs this pass could not handle (each also has a
 *     {@link Notice.JobFailedToHandle} or {@link Notice.RowUnreadable}), or {@code null} when it handled every job;
 *     the supervisor records it with its lease so that {@code health} can tell a supervisor whose passes keep failing
 */
public record PassReport(Instant at, boolean dryRun, String runtimeUnknown, Instant runtimeUnknownSince,
    List<Action> actions, List<Notice> notices, String problem) {

  /**
   * Checks the instant is present and copies the lists.
   *
   * @param at when the pass began (the lifecycle's clock)
   * @param dryRun {@code true} for {@link Supervisor#plan()}: nothing was written, started or stopped
   * @param runtimeUnknown why the runtime could not be observed, or {@code null} when it answered
   * @param runtimeUnknownSince since when the runtime has been unknown without a break, or {@code null}
   * @param actions the transitions, launches, kills, orphans and verifications, in order
   * @param notices the notable observations, in order
   * @param problem one sentence naming the jobs this pass could not handle (each also has a {@link
   *     Notice.JobFailedToHandle} or {@link Notice.RowUnreadable}), or {@code null} when it handled every job; the
   *     supervisor records it with its lease so that {@code health} can tell a supervisor whose passes keep failing
   * @throws NullPointerException when a required field is {@code null}
   */
  public PassReport {
    Objects.requireNonNull(at, "at");
    actions = List.copyOf(actions);
    notices = List.copyOf(notices);
  }

  /**
   * A report of a pass that handled every job.
   *
   * @param at when the pass began
   * @param dryRun {@code true} for a plan
   * @param runtimeUnknown why the runtime could not be observed, or {@code null}
   * @param runtimeUnknownSince since when the runtime has been unknown, or {@code null}
   * @param actions the actions, in order
   * @param notices the notices, in order
   */
  public PassReport(Instant at, boolean dryRun, String runtimeUnknown, Instant runtimeUnknownSince,
      List<Action> actions, List<Notice> notices) {
    this(at, dryRun, runtimeUnknown, runtimeUnknownSince, actions, notices, null);
  }

  /**
   * The same report, labelled as a plan: what {@link Supervisor#plan()} returns.
   *
   * @return a copy with {@code dryRun} true
   */
  public PassReport asPlan() {
    return new PassReport(at, true, runtimeUnknown, runtimeUnknownSince, actions, notices, problem);
  }

  /**
   * True when the pass handled every job it read ({@link #problem()} is {@code null}).
   *
   * @return whether no job was left unhandled
   */
  public boolean whole() {
    return problem == null;
  }

  /** What kind of thing an {@link Action} is. */
  public enum Kind {
    /** A transition was committed (or, in a plan, would be); {@link Action#event()} names it. */
    TRANSITION,
    /** A session was started for the attempt, after its START committed. */
    LAUNCH,
    /** A session was stopped: its job timed out or was cancelled, or it was an orphan past its grace. */
    KILL,
    /** A session tagged by Lifeline was found whose job is terminal, on another attempt, or unknown. */
    ORPHAN,
    /** The job's verifiers were started off the supervisor's thread. */
    VERIFY
  }

  /**
   * One thing a pass did to one job's attempt.
   *
   * @param jobId the job
   * @param attempt the attempt it concerns (after the transition, for a transition)
   * @param kind what kind of action
   * @param event the event, for {@link Kind#TRANSITION}; {@code null} otherwise
   * @param detail a one-line explanation, or {@code null}
   */
  public record Action(JobId jobId, int attempt, Kind kind, JobEvent event, String detail) {
    /**
     * Checks that an event is given exactly for a TRANSITION.
     *
     * @param jobId the job
     * @param attempt the attempt it concerns (after the transition, for a transition)
     * @param kind what kind of action
     * @param event the event, for {@link Kind#TRANSITION}; {@code null} otherwise
     * @param detail a one-line explanation, or {@code null}
     * @throws NullPointerException when a required field is {@code null}
     * @throws IllegalArgumentException when an event is missing for a TRANSITION or given for another kind
     */
    public Action {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.TRANSITION) != (event != null)) {
        throw new IllegalArgumentException("an event goes with TRANSITION and only with TRANSITION");
      }
    }

    /**
     * The event's name for a transition, else the kind's name: {@code START}, {@code LAUNCH}, {@code KILL}...
     *
     * @return the label
     */
    public String label() {
      return kind == Kind.TRANSITION ? event.name() : kind.name();
    }

    @Override
    public String toString() {
      return "job " + jobId + " attempt " + attempt + ": " + label() + (detail == null ? "" : " (" + detail + ")");
    }
  }

  /**
   * True when the runtime answered this pass's observation.
   *
   * @return whether the runtime answered
   */
  public boolean runtimeHealthy() {
    return runtimeUnknown == null;
  }

  /**
   * True when the pass did (or would do) nothing.
   *
   * @return whether there are no actions
   */
  public boolean isEmpty() {
    return actions.isEmpty();
  }

  /**
   * The actions concerning {@code id}, in order.
   *
   * @param id the job
   * @return its actions
   */
  public List<Action> actionsFor(JobId id) {
    return actions.stream().filter(a -> a.jobId().equals(id)).toList();
  }

  /**
   * The labels ({@link Action#label()}) of the actions concerning {@code id}, in order.
   *
   * @param id the job
   * @return its actions' labels
   */
  public List<String> labelsFor(JobId id) {
    return actions.stream().filter(a -> a.jobId().equals(id)).map(Action::label).toList();
  }

  /**
   * The notices of type {@code type}, in order.
   *
   * @param <T> the notice type
   * @param type its class
   * @return the notices of that type
   */
  public <T extends Notice> List<T> notices(Class<T> type) {
    return notices.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
