package dev.lifeline;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.internal.DefaultLifecycle;
import dev.lifeline.internal.LifecycleSettings;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Verifier;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The explicit, persisted lifecycle of ARCHITECTURE.md ("The path of one job") over a {@link JobStore}: every change
 * is decided from the {@link TransitionTable} (executed by Spring Statemachine) and written by compare-and-set
 * together with its history row. Listeners hear of a change after the store committed it. Every write returns the
 * {@link JobChange}: the job as written and its history row.
 *
 * <p>The operator verbs ({@link #cancel}, {@link #retry}, {@link #approve}, {@link #reject}) read the job, fire their
 * event, and on a lost race ({@link ConcurrentTransitionException}) read it once more and try again; a second lost race
 * is thrown. They only commit: a running session of a cancelled job is ended by the supervisor's next pass, whoever
 * cancelled it.
 *
 * <p>Building one is cheap: the state machine is built on the first decision, so a lifecycle used only to read or to
 * submit never loads it. Build one with {@link #builder()}; the built object is immutable and thread-safe.
 */
public interface Lifecycle {

  static Builder builder() {
    return new Builder();
  }

  /**
   * Enqueues {@code spec} as a new QUEUED job.
   *
   * @return the job and its SUBMIT row
   * @throws UnknownVerifierException when the spec names a custom verifier that is not registered; nothing is written
   */
  JobChange submit(JobSpec spec);

  /**
   * Enqueues {@code spec}, or returns the job already submitted with the same {@code idempotencyKey} (with its SUBMIT
   * row; nothing is written then).
   *
   * @throws UnknownVerifierException when the spec names a custom verifier that is not registered; nothing is written
   */
  JobChange submit(JobSpec spec, String idempotencyKey);

  /**
   * Fires {@code event} at the job as currently stored.
   *
   * @return the job as written and its history row
   * @throws JobNotFoundException when there is no such job
   * @throws IllegalTransitionException when the table has no edge for the event from the job's state
   * @throws GuardRejectedException when a guard refused
   * @throws ConcurrentTransitionException when the row changed between reading and writing
   * @throws TransitionFailedException when a guard or action threw
   */
  JobChange fire(JobId id, JobEvent event, EventContext context);

  /** Fires {@code event} against the snapshot {@code expected}: written only if the row still equals it. */
  JobChange fire(Job expected, JobEvent event, EventContext context);

  /**
   * Starts the next QUEUED job (priority, then age), atomically, if fewer than {@code maxConcurrent} are PROCESSING,
   * its notBefore has passed and the START guards allow it.
   *
   * @return the started job and its START row, or empty when none could start
   */
  Optional<JobChange> startNext(int maxConcurrent);

  /**
   * What firing {@code event} at {@code job} would write, computed by the engine, writing nothing and telling no
   * listener.
   *
   * @throws TransitionException as {@link #fire(Job, JobEvent, EventContext)} would (except the lost race)
   */
  JobChange decide(Job job, JobEvent event, EventContext context);

  /**
   * An operator's CANCEL: a QUEUED, PROCESSING or VERIFICATION job becomes FAILED with reason CANCELLED and is never
   * retried automatically. Only the row changes; a supervisor ends a running session after this commit.
   *
   * @param reason recorded as the failure detail ({@code null}: "cancelled")
   * @param actor who cancels ({@code null}: this lifecycle's actor)
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange cancel(JobId id, String reason, String actor);

  /**
   * An operator's RETRY: a FAILED job is QUEUED again at once, even when its attempts are used up; refused
   * ({@link GuardRejectedException}) for a job that was cancelled.
   *
   * @param reason recorded with the transition ({@code null}: none)
   */
  JobChange retry(JobId id, String reason, String actor);

  /** An operator's PASS of a job in VERIFICATION: it becomes COMPLETED. */
  JobChange approve(JobId id, String reason, String actor);

  /**
   * An operator's REJECT of a job in VERIFICATION: it becomes FAILED with reason VERIFICATION_FAILED.
   *
   * @param reason the failure detail (required, not blank)
   */
  JobChange reject(JobId id, String reason, String actor);

  Optional<Job> find(JobId id);

  /** @throws JobNotFoundException when there is no such job */
  Job get(JobId id);

  /**
   * The newest jobs first.
   *
   * @param states only jobs in these states; empty for every state
   * @param limit at most this many (at least 1)
   */
  List<Job> list(Set<JobState> states, int limit);

  List<Transition> history(JobId id);

  Map<JobState, Long> counts();

  /** The events with an edge from {@code state} (guards not evaluated). */
  Set<JobEvent> allowedEvents(JobState state);

  TransitionTable table();

  /** The lifecycle rendered from the transition table. */
  String diagram(DiagramFormat format);

  /** The names of the custom verifiers registered with {@link Builder#verifier}. */
  Set<String> verifierNames();

  /** The custom verifier registered under {@code name}. */
  Optional<Verifier> verifier(String name);

  Clock clock();

  /** Who this lifecycle records as the actor when the context names none ({@code host:pid} by default). */
  String actor();

  /** Mutable builder for {@link Lifecycle}; not thread-safe. */
  final class Builder {
    private JobStore store;
    private Clock clock = Clock.systemUTC();
    private String actor;
    private Backoff backoff = Backoff.defaults();
    private int maxConcurrent = Integer.MAX_VALUE;
    private final Map<JobEvent, List<TransitionTable.NamedGuard>> guards = new EnumMap<>(JobEvent.class);
    private final List<LifelineListener> listeners = new ArrayList<>();
    private final Map<String, Verifier> verifiers = new LinkedHashMap<>();

    private Builder() {}

    /** Where jobs live (required). */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock of every decision and timestamp (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The actor recorded when an event's context names none (default {@code host:pid}). */
    public Builder actor(String actor) {
      this.actor = Objects.requireNonNull(actor, "actor");
      return this;
    }

    /** The delay RETRY puts before the next attempt (default {@link Backoff#defaults()}). */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** The limit applied when START is fired directly with {@link #fire} (default: none). */
    public Builder maxConcurrent(int maxConcurrent) {
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
      }
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /** Adds a guard to {@code event}; it runs after the built-in guards and must be pure. */
    public Builder guard(JobEvent event, String name, JobGuard guard) {
      Objects.requireNonNull(event, "event");
      if (event == JobEvent.SUBMIT) {
        throw new IllegalArgumentException("SUBMIT takes no guards; validate the JobSpec before submitting");
      }
      guards.computeIfAbsent(event, e -> new ArrayList<>()).add(new TransitionTable.NamedGuard(name, guard));
      return this;
    }

    /**
     * Adds a listener: the one place to listen. It receives every committed transition of this lifecycle exactly
     * once, whoever made it (a submit, an operator's verb, a supervisor's pass), and every notice of every
     * {@link Supervisor} built over this lifecycle. Listeners are called in the order they were added, after the
     * commit, on the thread that made the change; one that throws is ignored. (The API is 0.x: the supervisor's own
     * listener registration was removed so that there is exactly one.)
     */
    public Builder listener(LifelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Registers the verifier that {@link VerifierSpec.Custom} specs name {@code name}; {@code submit} refuses a job
     * naming one that is not registered.
     */
    public Builder verifier(String name, Verifier verifier) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verifier, "verifier");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a verifier needs a name");
      }
      if (verifiers.putIfAbsent(name, verifier) != null) {
        throw new IllegalArgumentException("a verifier named '" + name + "' is already registered");
      }
      return this;
    }

    public Lifecycle build() {
      return DefaultLifecycle.create(settings());
    }

    /** The frozen options; the test kit's engine hooks build from these. */
    LifecycleSettings settings() {
      if (store == null) {
        throw new IllegalStateException("a Lifecycle needs a store: call store(...) before build()");
      }
      Map<JobEvent, List<TransitionTable.NamedGuard>> frozen = new EnumMap<>(JobEvent.class);
      guards.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new LifecycleSettings(store, clock, actor, backoff, maxConcurrent,
          frozen, List.copyOf(listeners), new LinkedHashMap<>(verifiers));
    }

    /** {@code host:pid} of this process. */
    public static String defaultActor() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        host = "localhost";
      }
      return host + ":" + ProcessHandle.current().pid();
    }
  }
}
