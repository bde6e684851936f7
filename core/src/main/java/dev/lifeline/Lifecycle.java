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

  /**
   * A new builder; {@link Builder#store} is required, every other option has a default.
   *
   * @return a new, empty builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Enqueues {@code spec} as a new QUEUED job.
   *
   * @param spec what to run and how
   * @return the job and its SUBMIT row
   * @throws UnknownVerifierException when the spec names a custom verifier that is not registered; nothing is written
   * @throws JobNotFoundException when {@link JobSpec#after()} names a job the store does not hold; nothing is written
   */
  JobChange submit(JobSpec spec);

  /**
   * Enqueues {@code spec}, or returns the job already submitted with the same {@code idempotencyKey} (with its SUBMIT
   * row; nothing is written then).
   *
   * @param spec what to run and how
   * @param idempotencyKey the caller's key for this submission; the same key always names the same job
   * @return the new or the existing job, with its SUBMIT row
   * @throws UnknownVerifierException when the spec names a custom verifier that is not registered; nothing is written
   * @throws JobNotFoundException when {@link JobSpec#after()} names a job the store does not hold; nothing is written
   */
  JobChange submit(JobSpec spec, String idempotencyKey);

  /**
   * Brings in a job from another system with the history it already has there. The job is inserted QUEUED at
   * {@code submittedAt} (its SUBMIT row), then each past event is applied in order, at its own time, as a change
   * decided by the transition table like any other: an event with no edge from the state reached, or a guard that
   * refuses, is refused. A past START is not asked the questions that concern the present (free slots, its group's
   * limit and pause, dependencies), and names no session (the attempt ran elsewhere); every other guard is. Every
   * event is decided before anything is written, so a
   * refused history writes nothing. The store's hooks are called for these changes as for any other.
   *
   * <p>With an {@code idempotencyKey} already used, nothing is written and the earlier job is returned, so an import
   * run twice brings each job in once.
   *
   * @param spec what the job runs (it may not wait for other jobs: {@link JobSpec#after()} must be empty)
   * @param idempotencyKey the key naming this job in the other system (for example its id there)
   * @param submittedAt when it was submitted there
   * @param events what happened to it since, oldest first, at times no earlier than the one before
   * @return the job and whether this call brought it in
   * @throws IllegalArgumentException when a time is earlier than the one before it, or the spec waits for jobs
   * @throws TransitionException when an event has no edge or a guard refuses it; nothing is written
   * @throws ConcurrentTransitionException when another writer changed the job between two of its events (each event
   *     written is a legal change; the job stays where the other writer left it)
   */
  ImportedJob importJob(JobSpec spec, String idempotencyKey, java.time.Instant submittedAt, List<PastEvent> events);

  /**
   * Fires {@code event} at the job as currently stored.
   *
   * @param id the job
   * @param event what happened
   * @param context who fired it, why, and the facts the guards need (an exit code, a verdict)
   * @return the job as written and its history row
   * @throws JobNotFoundException when there is no such job
   * @throws IllegalTransitionException when the table has no edge for the event from the job's state
   * @throws GuardRejectedException when a guard refused
   * @throws ConcurrentTransitionException when the row changed between reading and writing
   * @throws TransitionFailedException when a guard or action threw
   */
  JobChange fire(JobId id, JobEvent event, EventContext context);

  /**
   * Fires {@code event} against the snapshot {@code expected}: written only if the row still equals it.
   *
   * @param expected the job as the caller last read it
   * @param event what happened
   * @param context who fired it, why, and the facts the guards need
   * @return the job as written and its history row
   * @throws ConcurrentTransitionException when the row is no longer {@code expected}; otherwise as
   *     {@link #fire(JobId, JobEvent, EventContext)}
   */
  JobChange fire(Job expected, JobEvent event, EventContext context);

  /**
   * Starts the next QUEUED job (priority, then age), atomically, if fewer than {@code maxConcurrent} are PROCESSING,
   * its notBefore has passed and the START guards allow it.
   *
   * @param maxConcurrent the most jobs that may be PROCESSING once this one started
   * @return the started job and its START row, or empty when none could start
   */
  Optional<JobChange> startNext(int maxConcurrent);

  /**
   * Fires each request as {@link #fire(Job, JobEvent, EventContext)} would, and commits the changes decided in as
   * few write transactions as the store allows (one for {@code SqliteJobStore}). Each change is still a
   * compare-and-set with its history row: a lost race, a refusal or a throwing guard affects only its own request,
   * and is returned in its result instead of thrown. A START counts the STARTs decided before it in the batch as
   * running. Listeners hear of each committed change, in the order given, after the commit.
   *
   * @param requests the events to fire, at most one per job
   * @return one result per request, in the order given
   * @throws IllegalArgumentException when two requests name the same job
   * @throws StoreException when the store failed; then any of the changes may or may not have been written, each
   *     entirely or not at all, and no listener heard of any
   */
  List<TransitionResult> fireAll(List<TransitionRequest> requests);

  /**
   * Starts as many QUEUED jobs as the free slots allow, each as {@link #startNext(int)} would (priority, then age,
   * notBefore passed, the START guards allowing it, counting the jobs this call starts as running), committed in as
   * few write transactions as the store allows (one for {@code SqliteJobStore}).
   *
   * @param maxConcurrent the most jobs that may be PROCESSING once these started
   * @return the started jobs and their START rows, in the order started; empty when none could start
   */
  List<JobChange> startAll(int maxConcurrent);

  /**
   * What firing {@code event} at {@code job} would write, computed by the engine, writing nothing and telling no
   * listener.
   *
   * @param job the snapshot to decide on
   * @param event what happened
   * @param context who fires it, why, and the facts the guards need
   * @return the row and the history entry that firing would write
   * @throws TransitionException as {@link #fire(Job, JobEvent, EventContext)} would (except the lost race)
   */
  JobChange decide(Job job, JobEvent event, EventContext context);

  /**
   * An operator's CANCEL: a QUEUED, PROCESSING or VERIFICATION job becomes FAILED with reason CANCELLED and is never
   * retried automatically. Only the row changes; a supervisor ends a running session after this commit.
   *
   * @param id the job
   * @param reason recorded as the failure detail ({@code null}: "cancelled")
   * @param actor who cancels ({@code null}: this lifecycle's actor)
   * @return the cancelled job and its CANCEL row
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange cancel(JobId id, String reason, String actor);

  /**
   * An operator's RETRY: a FAILED job is QUEUED again at once, even when its attempts are used up; refused
   * ({@link GuardRejectedException}) for a job that was cancelled.
   *
   * @param id the job
   * @param reason recorded with the transition ({@code null}: none)
   * @param actor who retries ({@code null}: this lifecycle's actor)
   * @return the queued job and its RETRY row
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange retry(JobId id, String reason, String actor);

  /**
   * An operator's PASS of a job in VERIFICATION: it becomes COMPLETED.
   *
   * @param id the job
   * @param reason recorded with the transition ({@code null}: none)
   * @param actor who approves ({@code null}: this lifecycle's actor)
   * @return the completed job and its PASS row
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange approve(JobId id, String reason, String actor);

  /**
   * An operator's REJECT of a job in VERIFICATION: it becomes FAILED with reason VERIFICATION_FAILED.
   *
   * @param id the job
   * @param reason the failure detail (required, not blank)
   * @param actor who rejects ({@code null}: this lifecycle's actor)
   * @return the failed job and its REJECT row
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange reject(JobId id, String reason, String actor);

  /**
   * An operator's HOLD: a QUEUED job stays QUEUED and does not start until {@link #release released}; recorded as a
   * QUEUED to QUEUED transition. Refused ({@link GuardRejectedException}) when it is already held.
   *
   * @param id the job
   * @param reason recorded with the transition ({@code null}: none)
   * @param actor who holds ({@code null}: this lifecycle's actor)
   * @return the held job and its HOLD row
   * @throws IllegalTransitionException when the job is not QUEUED
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange hold(JobId id, String reason, String actor);

  /**
   * An operator's RELEASE of a held QUEUED job: it may start again. Refused when it is not held.
   *
   * @param id the job
   * @param reason recorded with the transition ({@code null}: none)
   * @param actor who releases ({@code null}: this lifecycle's actor)
   * @return the released job and its RELEASE row
   * @throws IllegalTransitionException when the job is not QUEUED
   * @throws ConcurrentTransitionException when the job changed under two attempts in a row
   */
  JobChange release(JobId id, String reason, String actor);

  /**
   * Waits until every job is done ({@link WaitOutcome#isDone}: COMPLETED, or FAILED with no retry to come), or the
   * timeout elapses. It wakes on the store's change signal ({@link dev.lifeline.spi.JobStore#awaitChange}) where
   * the store has one, so a job that ends in another process is seen within milliseconds; it re-reads at least every
   * 100 ms otherwise (and for changes made in this process). Never writes.
   *
   * @param ids the jobs (repeated ids count once)
   * @param timeout the longest wait ({@link java.time.Duration#ZERO}: look once)
   * @return the jobs as last read, and whether the wait timed out
   * @throws JobNotFoundException when an id names no job (checked before waiting)
   * @throws InterruptedException when the waiting thread is interrupted
   */
  WaitOutcome awaitTerminal(java.util.Collection<JobId> ids, java.time.Duration timeout) throws InterruptedException;

  /**
   * The jobs {@code job} waits for ({@link JobSpec#after()}) that are not COMPLETED yet, in the order given: what its
   * START guard "dependencies" waits on (a job the store does not hold counts too). Reads only.
   *
   * @param job a job
   * @return the ids; empty when it waits for nothing (any more)
   */
  List<JobId> waitingOn(Job job);

  /**
   * The jobs that wait for {@code id} ({@link JobSpec#after()} names it), lowest id first.
   *
   * @param id the job
   * @return their ids; empty when none (or no such job)
   */
  List<JobId> dependents(JobId id);

  /**
   * A group's settings as stored now.
   *
   * @param name the group
   * @return its settings ({@link GroupSettings#open} when no one has configured it)
   * @throws InvalidJobSpecException when {@code name} is not a group name
   */
  GroupSettings group(String name);

  /**
   * Every group that has settings stored, by name.
   *
   * @return the configured groups
   */
  List<GroupSettings> groups();

  /**
   * An operator's change of a group's settings: its own concurrency limit, or pausing it (its QUEUED jobs do not
   * start) and resuming it. Each setting that changes is recorded with the actor and this lifecycle's time.
   *
   * @param settings the new settings
   * @param actor who changes them ({@code null}: this lifecycle's actor)
   * @return {@code true} when something changed
   * @throws UnsupportedOperationException when the store keeps no controls
   */
  boolean setGroup(GroupSettings settings, String actor);

  /**
   * Drains the store, or ends the drain: a drained store's supervisor starts nothing new, and returns from
   * {@link Supervisor#run()} once its running work has ended ({@link Supervisor#isDrained()}). Persisted and recorded,
   * so a supervisor started later honours it until it is ended.
   *
   * @param draining {@code true} to drain, {@code false} to end the drain
   * @param actor who ({@code null}: this lifecycle's actor)
   * @return {@code true} when it changed
   * @throws UnsupportedOperationException when the store keeps no controls
   */
  boolean setDraining(boolean draining, String actor);

  /**
   * Whether the store is drained.
   *
   * @return {@code true} while a drain is in force
   */
  boolean draining();

  /**
   * The recorded changes of the group settings and the drain, newest first.
   *
   * @param limit the most to return, at least 1
   * @return the changes
   */
  List<dev.lifeline.spi.ControlChange> controlChanges(int limit);

  /**
   * Adds a hook for every job of the store, or for one group's: each later change that matches {@code on} writes a
   * {@link Delivery} to {@code target} in the same transaction, which a supervisor delivers after commit.
   *
   * @param on which changes call it
   * @param group the group whose jobs it is for, or {@code null} for every job
   * @param target what it calls
   * @param actor who adds it ({@code null}: this lifecycle's actor)
   * @return the stored hook with its id
   * @throws UnsupportedOperationException when the store keeps no hooks
   * @throws InvalidJobSpecException when {@code group} is not a group name
   */
  Hook addHook(HookTrigger on, String group, HookTarget target, String actor);

  /**
   * The store's hooks (not the jobs' own), lowest id first.
   *
   * @return the hooks
   */
  List<Hook> hooks();

  /**
   * Removes a store hook; what it already called for is still delivered.
   *
   * @param id the hook's id
   * @return {@code false} when there is no such hook
   */
  boolean removeHook(long id);

  /**
   * A job's notifications, oldest first: what each hook called for, and how delivering it went.
   *
   * @param id the job
   * @return its deliveries; empty when it has none
   */
  List<Delivery> deliveries(JobId id);

  /**
   * The job as stored now, if there is one.
   *
   * @param id the job
   * @return the job, or empty when there is no such job
   */
  Optional<Job> find(JobId id);

  /**
   * The job as stored now.
   *
   * @param id the job
   * @return the job
   * @throws JobNotFoundException when there is no such job
   */
  Job get(JobId id);

  /**
   * The newest jobs first.
   *
   * @param states only jobs in these states; empty for every state
   * @param limit at most this many (at least 1)
   * @return the jobs, newest first
   */
  List<Job> list(Set<JobState> states, int limit);

  /**
   * The newest jobs of one group first.
   *
   * @param states only jobs in these states; empty for every state
   * @param group only this group's jobs ({@code null}: every group)
   * @param limit at most this many (at least 1)
   * @return the jobs, newest first
   */
  List<Job> list(Set<JobState> states, String group, int limit);

  /**
   * Every transition of the job, oldest first (its SUBMIT first).
   *
   * @param id the job
   * @return the job's history; empty when there is no such job
   */
  List<Transition> history(JobId id);

  /**
   * How many jobs are in each state now.
   *
   * @return a count for every state, 0 when there is none (as the store answers)
   */
  Map<JobState, Long> counts();

  /**
   * The events with an edge from {@code state} (guards not evaluated).
   *
   * @param state the state to leave
   * @return the events the table allows from it
   */
  Set<JobEvent> allowedEvents(JobState state);

  /**
   * The transition table this lifecycle decides by.
   *
   * @return the table ({@link TransitionTable#standard()})
   */
  TransitionTable table();

  /**
   * The lifecycle rendered from the transition table.
   *
   * @param format Mermaid or Graphviz DOT
   * @return the diagram's source text
   */
  String diagram(DiagramFormat format);

  /**
   * The names of the custom verifiers registered with {@link Builder#verifier}.
   *
   * @return the names, in registration order
   */
  Set<String> verifierNames();

  /**
   * The custom verifier registered under {@code name}.
   *
   * @param name the name a {@link VerifierSpec.Custom} gives
   * @return the verifier, or empty when none has that name
   */
  Optional<Verifier> verifier(String name);

  /**
   * The clock of every decision and timestamp of this lifecycle (and of every supervisor over it).
   *
   * @return the clock given to {@link Builder#clock}
   */
  Clock clock();

  /**
   * Who this lifecycle records as the actor when the context names none ({@code host:pid} by default).
   *
   * @return the default actor
   */
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

    /**
     * Where jobs live (required).
     *
     * @param store the store to read and write
     * @return this builder
     */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The clock of every decision and timestamp (default: system UTC).
     *
     * @param clock the clock; tests give a {@link dev.lifeline.testing.MutableClock}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The actor recorded when an event's context names none (default {@code host:pid}).
     *
     * @param actor who this lifecycle acts as
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = Objects.requireNonNull(actor, "actor");
      return this;
    }

    /**
     * The delay RETRY puts before the next attempt (default {@link Backoff#defaults()}).
     *
     * @param backoff the delay per attempt
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * The limit applied when START is fired directly with {@link Lifecycle#fire} (default: none).
     *
     * @param maxConcurrent the most jobs PROCESSING at once (at least 1)
     * @return this builder
     */
    public Builder maxConcurrent(int maxConcurrent) {
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
      }
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * Adds a guard to {@code event}; it runs after the built-in guards and must be pure.
     *
     * @param event the event it guards (any but SUBMIT)
     * @param name the guard's name, given in a refusal
     * @param guard the rule
     * @return this builder
     */
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
     *
     * @param listener what to tell
     * @return this builder
     */
    public Builder listener(LifelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Registers the verifier that {@link VerifierSpec.Custom} specs name {@code name}; {@code submit} refuses a job
     * naming one that is not registered.
     *
     * @param name the name specs use
     * @param verifier the verifier
     * @return this builder
     * @throws IllegalArgumentException when the name is blank or already registered
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

    /**
     * Builds the lifecycle; cheap, since the state machine is built on the first decision.
     *
     * @return an immutable, thread-safe lifecycle
     * @throws IllegalStateException when no store was given
     */
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

    /**
     * {@code host:pid} of this process.
     *
     * @return this host's name (or {@code localhost}), a colon and this process's pid
     */
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
