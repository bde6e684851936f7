package dev.lifeline;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.internal.DefaultLifecycle;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The explicit, persisted lifecycle of DESIGN.md §3 over a {@link JobStore}: every change is decided from the
 * {@link TransitionTable} (executed by Spring Statemachine) and written by compare-and-set together with its
 * history row. Listeners hear of a change after the store committed it.
 *
 * <p>Build one with {@link #builder()}; the built object is immutable and thread-safe.
 */
public interface Lifecycle {

  static Builder builder() {
    return new Builder();
  }

  /** Enqueues {@code spec} as a new QUEUED job. */
  Job submit(JobSpec spec);

  /** Enqueues {@code spec}, or returns the job already submitted with the same {@code idempotencyKey}. */
  Job submit(JobSpec spec, String idempotencyKey);

  /**
   * Fires {@code event} at the job as currently stored.
   *
   * @return the job as written
   * @throws JobNotFoundException when there is no such job
   * @throws IllegalTransitionException when the table has no edge for the event from the job's state
   * @throws GuardRejectedException when a guard refused
   * @throws ConcurrentTransitionException when the row changed between reading and writing
   * @throws TransitionFailedException when a guard or action threw
   */
  Job fire(JobId id, JobEvent event, EventContext context);

  /** Fires {@code event} against the snapshot {@code expected}: written only if the row still equals it. */
  Job fire(Job expected, JobEvent event, EventContext context);

  /**
   * Starts the next QUEUED job (priority, then age), atomically, if fewer than {@code maxConcurrent} are PROCESSING,
   * its notBefore has passed and the START guards allow it.
   */
  Optional<Job> startNext(int maxConcurrent);

  /**
   * What firing {@code event} at {@code job} would write, computed by the engine, writing nothing.
   *
   * @throws TransitionException as {@link #fire(Job, JobEvent, EventContext)} would (except the lost race)
   */
  JobStore.Change decide(Job job, JobEvent event, EventContext context);

  Optional<Job> find(JobId id);

  /** @throws JobNotFoundException when there is no such job */
  Job get(JobId id);

  List<Job> list(JobQuery query);

  List<Transition> history(JobId id);

  Map<JobState, Long> counts();

  /** The events with an edge from {@code state} (guards not evaluated). */
  Set<JobEvent> allowedEvents(JobState state);

  TransitionTable table();

  /** The lifecycle rendered from the transition table. */
  String diagram(DiagramFormat format);

  JobStore store();

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
    private EngineKind engine = EngineKind.STATE_MACHINE;

    /** Which engine decides transitions; both are driven by the same table and pass the same tests. */
    public enum EngineKind {
      /** Spring Statemachine, generated from the table (the default). */
      STATE_MACHINE,
      /** A direct lookup in the table: the oracle the state machine is tested against. */
      TABLE
    }

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

    public Builder listener(LifelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder engine(EngineKind engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    public Lifecycle build() {
      if (store == null) {
        throw new IllegalStateException("a Lifecycle needs a store: call store(...) before build()");
      }
      Map<JobEvent, List<TransitionTable.NamedGuard>> frozen = new EnumMap<>(JobEvent.class);
      guards.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new DefaultLifecycle(store, clock, actor == null ? defaultActor() : actor, backoff, maxConcurrent,
          frozen, List.copyOf(listeners), engine);
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
