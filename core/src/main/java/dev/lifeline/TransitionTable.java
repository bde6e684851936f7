package dev.lifeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The legal moves (the table of ARCHITECTURE.md "The lifecycle") as one immutable piece of data. The engine, the
 * pre-checks, {@code allowedEvents}, the diagrams and the exhaustive tests are all driven by {@link #standard()}.
 *
 * <p>Each edge carries its built-in guards, by name. Where two edges share a state and an event (EXITED), their
 * guards are mutually exclusive. Users add guards per event on the {@link Lifecycle} builder; they cannot add
 * states or edges. Immutable and thread-safe.
 */
public final class TransitionTable {

  /**
   * A guard with the name reported by {@link GuardRejectedException#guard()}.
   *
   * @param name a short identifier
   * @param guard the check
   */
  public record NamedGuard(String name, JobGuard guard) {
    /**
     * Checks that the name and the guard are present.
     *
     * @param name a short identifier
     * @param guard the check
     * @throws NullPointerException when a required field is {@code null}
     */
    public NamedGuard {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(guard, "guard");
    }
  }

  /**
   * One legal move.
   *
   * @param event the event
   * @param from the state it leaves, {@code null} for SUBMIT
   * @param to the state it enters
   * @param guards built-in guards; all must allow
   * @param guardText the guard as a person reads it (for diagrams and docs)
   * @param effect what the move records on the row, as a person reads it
   */
  public record Edge(JobEvent event, JobState from, JobState to, List<NamedGuard> guards, String guardText,
      String effect) {
    /**
     * Checks that the event and the target are present and copies the guards.
     *
     * @param event the event
     * @param from the state it leaves, {@code null} for SUBMIT
     * @param to the state it enters
     * @param guards built-in guards; all must allow
     * @param guardText the guard as a person reads it (for diagrams and docs)
     * @param effect what the move records on the row, as a person reads it
     * @throws NullPointerException when a required field is {@code null}
     */
    public Edge {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(to, "to");
      guards = List.copyOf(guards);
    }
  }

  private final List<Edge> edges;

  private TransitionTable(List<Edge> edges) {
    this.edges = List.copyOf(edges);
  }

  /**
   * The table of ARCHITECTURE.md "The lifecycle".
   *
   * @return the standard table
   */
  public static TransitionTable standard() {
    return Standard.TABLE;
  }

  /** Built on first use, after the guard constants below exist (a static field above them would see nulls). */
  private static final class Standard {
    static final TransitionTable TABLE = new TransitionTable(buildStandard());
  }

  /**
   * Every edge, in the order of the table in ARCHITECTURE.md "The lifecycle".
   *
   * @return every edge
   */
  public List<Edge> edges() {
    return edges;
  }

  /**
   * The edges leaving {@code from} on {@code event} (zero, one, or two for EXITED).
   *
   * @param from the state to leave ({@code null} for SUBMIT)
   * @param event the event
   * @return the edges, in table order; empty when there is none
   */
  public List<Edge> edges(JobState from, JobEvent event) {
    List<Edge> out = new ArrayList<>(2);
    for (Edge e : edges) {
      if (e.from() == from && e.event() == event) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Events that have at least one edge leaving {@code state} (guards not evaluated).
   *
   * @param state the state to leave
   * @return the events with an edge from it
   */
  public Set<JobEvent> allowedEvents(JobState state) {
    Set<JobEvent> out = EnumSet.noneOf(JobEvent.class);
    for (Edge e : edges) {
      if (e.from() == state) {
        out.add(e.event());
      }
    }
    return out;
  }

  /**
   * True when no edge leaves {@code state}.
   *
   * @param state the state
   * @return whether no edge leaves it
   */
  public boolean isTerminal(JobState state) {
    return allowedEvents(state).isEmpty();
  }

  // ---- the built-in guards -------------------------------------------------------------------------------------

  static final NamedGuard CAPACITY = new NamedGuard("capacity", c -> c.running() < c.maxConcurrent()
      ? JobGuard.allow()
      : JobGuard.refuse(c.running() + " of " + c.maxConcurrent() + " allowed jobs are already running"));

  static final NamedGuard NOT_BEFORE = new NamedGuard("notBefore", c -> {
    var nb = c.job().notBefore();
    return nb == null || !c.now().isBefore(nb) ? JobGuard.allow() : JobGuard.refuse("not before " + nb);
  });

  static final NamedGuard GROUP_NOT_PAUSED = new NamedGuard("groupNotPaused", c -> c.group().paused()
      ? JobGuard.refuse("its group " + c.group().name() + " is paused")
      : JobGuard.allow());

  static final NamedGuard GROUP_CAPACITY = new NamedGuard("groupCapacity", c -> {
    Integer limit = c.group().maxConcurrent();
    if (limit == null) {
      return JobGuard.allow();
    }
    int running = c.runningInGroup();
    return running < limit ? JobGuard.allow()
        : JobGuard.refuse(running + " of " + limit + " allowed jobs of group " + c.group().name()
            + " are already running");
  });

  static final NamedGuard NOT_HELD = new NamedGuard("notHeld", c -> c.job().held()
      ? JobGuard.refuse("the job is held; release it first")
      : JobGuard.allow());

  static final NamedGuard NOT_ALREADY_HELD = new NamedGuard("notHeld", c -> c.job().held()
      ? JobGuard.refuse("the job is already held")
      : JobGuard.allow());

  static final NamedGuard HELD = new NamedGuard("held", c -> c.job().held()
      ? JobGuard.allow()
      : JobGuard.refuse("the job is not held"));

  static final NamedGuard DEPENDENCIES_COMPLETED = new NamedGuard("dependencies", c -> {
    List<JobId> waiting = waitingOn(c.job(), id -> java.util.Optional.ofNullable(dependency(c, id)));
    return waiting.isEmpty() ? JobGuard.allow() : JobGuard.refuse("waiting on " + String.join(", ",
        waiting.stream().map(JobId::toString).toList()));
  });

  /**
   * The jobs {@code job} waits for ({@link JobSpec#after()}) that are not COMPLETED, in the order given: what the
   * START guard "dependencies" waits on. A job {@code lookup} cannot find counts as not COMPLETED.
   *
   * @param job the waiting job
   * @param lookup the current snapshot of a job, if there is one
   * @return the ids still waited on; empty when it may start as far as its dependencies go
   */
  public static List<JobId> waitingOn(Job job, java.util.function.Function<JobId, java.util.Optional<Job>> lookup) {
    List<JobId> out = new ArrayList<>();
    for (JobId id : job.spec().after()) {
      if (lookup.apply(id).map(d -> d.state() != JobState.COMPLETED).orElse(true)) {
        out.add(id);
      }
    }
    return out;
  }

  static final NamedGuard DEPENDENCY_FAILED_FOR_GOOD = new NamedGuard("dependencyFailed", c -> {
    for (JobId id : c.job().spec().after()) {
      Job dep = dependency(c, id);
      if (dep != null && failedForGood(dep)) {
        return JobGuard.allow();
      }
    }
    return JobGuard.refuse("no job it waits for has failed for good");
  });

  static final NamedGuard NOT_ABANDONED = new NamedGuard("notAbandoned", c ->
      c.job().failureReason() == FailureReason.DEPENDENCY_FAILED && !c.context().override()
          ? JobGuard.refuse("a job whose dependency failed is retried only by an operator")
          : JobGuard.allow());

  private static Job dependency(GuardContext c, JobId id) {
    for (Job j : c.dependencies()) {
      if (j.id().equals(id)) {
        return j;
      }
    }
    return null;
  }

  /**
   * True when {@code job} ended FAILED and no automatic RETRY will re-queue it (no attempts left, cancelled, or its
   * own dependency failed): the jobs waiting for it can never start.
   *
   * @param job a job
   * @return whether it is FAILED for good
   */
  public static boolean failedForGood(Job job) {
    return job.state() == JobState.FAILED && !dev.lifeline.spi.RetryRule.allows(job);
  }

  /**
   * The first of {@code job}'s dependencies (from {@code dependencies}) that failed for good, for ABANDON's detail.
   *
   * @param job the waiting job
   * @param dependencies its dependencies as they are now
   * @return the dependency, if one failed for good
   */
  public static java.util.Optional<Job> failedDependency(Job job, List<Job> dependencies) {
    for (JobId id : job.spec().after()) {
      for (Job d : dependencies) {
        if (d.id().equals(id) && failedForGood(d)) {
          return java.util.Optional.of(d);
        }
      }
    }
    return java.util.Optional.empty();
  }

  static final NamedGuard EXIT_ZERO = new NamedGuard("exitCode=0", c -> {
    Integer code = c.context().exitCode();
    if (code == null) {
      return JobGuard.refuse("EXITED needs an exit code");
    }
    return code == 0 ? JobGuard.allow() : JobGuard.refuse("exit code is " + code);
  });

  static final NamedGuard EXIT_NON_ZERO = new NamedGuard("exitCode≠0", c -> {
    Integer code = c.context().exitCode();
    if (code == null) {
      return JobGuard.refuse("EXITED needs an exit code");
    }
    return code != 0 ? JobGuard.allow() : JobGuard.refuse("exit code is 0");
  });

  static final NamedGuard LOST_REASON = new NamedGuard("lostReason", c -> {
    FailureReason r = c.context().reason();
    return r == null || r == FailureReason.SESSION_LOST || r == FailureReason.LAUNCH_FAILED
        ? JobGuard.allow()
        : JobGuard.refuse("LOST records SESSION_LOST or LAUNCH_FAILED, not " + r);
  });

  static final NamedGuard TIMEOUT_ELAPSED = new NamedGuard("timeoutElapsed", c -> {
    Duration timeout = c.job().spec().timeout();
    if (timeout == null) {
      return JobGuard.refuse("the job has no timeout");
    }
    var started = c.job().startedAt();
    if (started == null) {
      return JobGuard.refuse("the job has not started");
    }
    Duration ran = Duration.between(started, c.now());
    return ran.compareTo(timeout) > 0
        ? JobGuard.allow()
        : JobGuard.refuse("it has run " + ran + " of its " + timeout + " timeout");
  });

  static final NamedGuard REASON_GIVEN = new NamedGuard("reasonGiven", c -> {
    String d = c.context().detail();
    return d != null && !d.isBlank() ? JobGuard.allow() : JobGuard.refuse("REJECT needs a reason");
  });

  static final NamedGuard ATTEMPTS_LEFT = new NamedGuard("attemptsLeft", c -> {
    Job j = c.job();
    if (c.context().override() || j.attempt() < j.spec().maxAttempts()) {
      return JobGuard.allow();
    }
    return JobGuard.refuse("all " + j.spec().maxAttempts() + " attempts are used");
  });

  static final NamedGuard NOT_CANCELLED = new NamedGuard("notCancelled", c ->
      c.job().failureReason() == FailureReason.CANCELLED
          ? JobGuard.refuse("a cancelled job is not retried")
          : JobGuard.allow());

  private static List<Edge> buildStandard() {
    JobState Q = JobState.QUEUED;
    JobState P = JobState.PROCESSING;
    JobState V = JobState.VERIFICATION;
    JobState C = JobState.COMPLETED;
    JobState F = JobState.FAILED;
    List<Edge> t = new ArrayList<>();
    t.add(new Edge(JobEvent.SUBMIT, null, Q, List.of(), "idempotency key unused", "first history row"));
    t.add(new Edge(JobEvent.START, Q, P, List.of(CAPACITY, NOT_BEFORE, NOT_HELD, DEPENDENCIES_COMPLETED,
        GROUP_NOT_PAUSED, GROUP_CAPACITY),
        "running < maxConcurrent; now ≥ notBefore; not held; every dependency COMPLETED; group not paused; "
            + "running in group < its maxConcurrent",
        "attempt+1, session, owner, startedAt"));
    t.add(new Edge(JobEvent.EXITED, P, V, List.of(EXIT_ZERO), "exit code = 0", "exitCode"));
    t.add(new Edge(JobEvent.EXITED, P, F, List.of(EXIT_NON_ZERO), "exit code ≠ 0", "exitCode, reason EXIT_CODE"));
    t.add(new Edge(JobEvent.LOST, P, F, List.of(LOST_REASON), "DEAD confirmed, no exit artifact; or launch failed",
        "reason SESSION_LOST or LAUNCH_FAILED"));
    t.add(new Edge(JobEvent.TIME_OUT, P, F, List.of(TIMEOUT_ELAPSED), "now − startedAt > timeout",
        "reason TIMED_OUT"));
    t.add(new Edge(JobEvent.TIME_OUT, V, F, List.of(TIMEOUT_ELAPSED), "now − startedAt > timeout",
        "reason TIMED_OUT"));
    t.add(new Edge(JobEvent.PASS, V, C, List.of(), "verifiers passed or operator approved", "finishedAt"));
    t.add(new Edge(JobEvent.REJECT, V, F, List.of(REASON_GIVEN), "a verifier failed or operator rejected",
        "reason VERIFICATION_FAILED, detail"));
    t.add(new Edge(JobEvent.CANCEL, Q, F, List.of(), "", "reason CANCELLED"));
    t.add(new Edge(JobEvent.CANCEL, P, F, List.of(), "", "reason CANCELLED"));
    t.add(new Edge(JobEvent.CANCEL, V, F, List.of(), "", "reason CANCELLED"));
    t.add(new Edge(JobEvent.RETRY, F, Q, List.of(ATTEMPTS_LEFT, NOT_CANCELLED, NOT_ABANDONED),
        "attempt < maxAttempts (operator may override); reason ≠ CANCELLED; reason ≠ DEPENDENCY_FAILED unless by an "
            + "operator", "notBefore = now + backoff(attempt)"));
    t.add(new Edge(JobEvent.HOLD, Q, Q, List.of(NOT_ALREADY_HELD), "not held", "held"));
    t.add(new Edge(JobEvent.RELEASE, Q, Q, List.of(HELD), "held", "not held"));
    t.add(new Edge(JobEvent.ABANDON, Q, F, List.of(DEPENDENCY_FAILED_FOR_GOOD), "a dependency is FAILED for good",
        "reason DEPENDENCY_FAILED, detail"));
    return t;
  }
}
