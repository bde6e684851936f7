package dev.lifeline.internal;

import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.DiagramFormat;
import dev.lifeline.EventContext;
import dev.lifeline.GuardContext;
import dev.lifeline.ImportedJob;
import dev.lifeline.Job;
import dev.lifeline.JobChange;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PastEvent;
import dev.lifeline.Transition;
import dev.lifeline.TransitionException;
import dev.lifeline.TransitionRequest;
import dev.lifeline.TransitionResult;
import dev.lifeline.TransitionTable;
import dev.lifeline.UnknownVerifierException;
import dev.lifeline.VerifierSpec;
import dev.lifeline.WaitOutcome;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Verifier;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The {@link Lifecycle} behind {@link Lifecycle#builder()}. The engine is made on the first decision (building the
 * state machine costs a few hundred milliseconds that a read or a submit never needs). Immutable and thread-safe.
 */
public final class DefaultLifecycle implements Lifecycle {

  private final LifecycleSettings settings;
  private final JobStore store;
  private final Function<Map<JobEvent, List<TransitionTable.NamedGuard>>, Engine> engineFactory;
  private volatile Engine engine;
  private volatile String actor;
  private final List<Runnable> commitObservers = new CopyOnWriteArrayList<>();

  /** Over {@code settings}, deciding with an engine {@code engineFactory} makes from the guards on first use. */
  DefaultLifecycle(LifecycleSettings settings,
      Function<Map<JobEvent, List<TransitionTable.NamedGuard>>, Engine> engineFactory) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = settings.store();
    this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
  }

  private DefaultLifecycle(LifecycleSettings settings, DefaultLifecycle sharingEngineOf) {
    this(settings, sharingEngineOf.engineFactory);
    this.engine = sharingEngineOf.engine;
  }

  /** The lifecycle {@link Lifecycle.Builder#build()} returns: Spring Statemachine, made on the first decision. */
  public static Lifecycle create(LifecycleSettings settings) {
    // A lambda, not SsmEngine::new: a constructor reference would load the engine's class when the lifecycle is built.
    return new DefaultLifecycle(settings, guards -> new SsmEngine(guards));
  }

  /**
   * The store behind a lifecycle built by {@link Lifecycle#builder()}, for the supervisor (its lease, its reads).
   *
   * @throws IllegalArgumentException for a lifecycle of another making
   */
  public static JobStore storeOf(Lifecycle lifecycle) {
    return of(lifecycle).store;
  }

  /**
   * This lifecycle's rules (engine, guards, clock, actor, backoff, verifiers) over {@code other}, telling no listener:
   * what {@code Supervisor.plan()} decides with, over a store that records writes without making them.
   */
  public Lifecycle over(JobStore other) {
    return new DefaultLifecycle(settings.overStore(other), this);
  }

  /** The listeners registered on the builder: the supervisor tells them its notices too. */
  public List<LifelineListener> listeners() {
    return settings.listeners();
  }

  /**
   * Runs {@code observer} on the committing thread after every change this lifecycle commits (a new job, each
   * fired or claimed transition), before its listeners hear of it: how a supervisor hears of work made through its
   * own lifecycle, which its store does not signal. Not for a lifecycle made by {@link #over}.
   *
   * @return run it to unsubscribe
   */
  public Runnable onCommit(Runnable observer) {
    Objects.requireNonNull(observer, "observer");
    commitObservers.add(observer);
    return () -> commitObservers.remove(observer);
  }

  /** The store this lifecycle writes to. */
  public JobStore store() {
    return store;
  }

  private static DefaultLifecycle of(Lifecycle lifecycle) {
    if (lifecycle instanceof DefaultLifecycle d) {
      return d;
    }
    throw new IllegalArgumentException("a Supervisor needs a Lifecycle built by Lifecycle.builder(), got "
        + lifecycle.getClass().getName());
  }

  /** The engine deciding this lifecycle's transitions, made on first use. */
  Engine engine() {
    Engine e = engine;
    if (e == null) {
      synchronized (this) {
        e = engine;
        if (e == null) {
          e = Objects.requireNonNull(engineFactory.apply(settings.guards()), "engine");
          engine = e;
        }
      }
    }
    return e;
  }

  /** Whether the engine has been made (by a first decision). */
  boolean engineMade() {
    return engine != null;
  }

  // ---- writes -------------------------------------------------------------------------------------------------------

  @Override
  public JobChange submit(JobSpec spec) {
    return submit(spec, null);
  }

  @Override
  public JobChange submit(JobSpec spec, String idempotencyKey) {
    checkSubmittable(spec);
    Instant now = settings.clock().instant();
    JobStore.Inserted inserted = store.insert(spec, idempotencyKey, now, actor());
    Job job = inserted.job();
    if (!inserted.created()) {
      List<Transition> history = store.history(job.id());
      return new JobChange(job, history.isEmpty() ? submitRow(job, null) : history.get(0));
    }
    JobChange change = new JobChange(job, submitRow(job, actor()));
    notifyListeners(change);
    return change;
  }

  private void checkSubmittable(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    for (VerifierSpec v : spec.verifiers()) {
      if (v instanceof VerifierSpec.Custom c && !settings.verifiers().containsKey(c.name())) {
        throw new UnknownVerifierException(c.name(), settings.verifiers().keySet());
      }
    }
    if (!spec.hooks().isEmpty() && !store.outbox().keepsHooks()) {
      throw new UnsupportedOperationException("the job has hooks, and this store keeps none: " + store);
    }
  }

  @Override
  public ImportedJob importJob(JobSpec spec, String idempotencyKey, Instant submittedAt, List<PastEvent> events) {
    checkSubmittable(spec);
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(events, "events");
    if (!spec.after().isEmpty()) {
      throw new IllegalArgumentException("an imported job cannot wait for other jobs (its spec's after is "
          + spec.after() + ")");
    }
    Instant last = submittedAt;
    for (PastEvent e : events) {
      if (Objects.requireNonNull(e, "event").at().isBefore(last)) {
        throw new IllegalArgumentException("the past events go back in time: " + e.event() + " at " + e.at()
            + " comes after " + last);
      }
      last = e.at();
    }
    // Decide the whole history first, on a stand-in for the row, so a refused event writes nothing.
    Job standIn = Job.queued(JobId.of(Long.MAX_VALUE), spec, idempotencyKey, submittedAt);
    for (PastEvent e : events) {
      standIn = decidePast(standIn, e).job();
    }
    JobStore.Inserted inserted = store.insert(spec, idempotencyKey, submittedAt, actor());
    Job job = inserted.job();
    if (!inserted.created()) {
      return new ImportedJob(job, false);
    }
    notifyListeners(new JobChange(job, submitRow(job, actor())));
    for (PastEvent e : events) {
      JobChange change = decidePast(job, e);
      if (!store.compareAndSet(job, change.job(), change.transition())) {
        throw new ConcurrentTransitionException(job.id(), job.state(), e.event(), job.version());
      }
      notifyListeners(change);
      job = change.job();
    }
    return new ImportedJob(job, true);
  }

  /**
   * A past event decided at its own time. A past START is not asked about slots, groups or dependencies, and names
   * no session: the attempt ran elsewhere, in no session of Lifeline's.
   */
  private JobChange decidePast(Job job, PastEvent e) {
    JobChange c = decide(new GuardContext(job, e.event(), e.context(), e.at(), 0, Integer.MAX_VALUE, List.of(),
        List.of(), dev.lifeline.GroupSettings.open(job.spec().group())));
    return e.event() == JobEvent.START ? new JobChange(c.job().toBuilder().session(null).build(), c.transition()) : c;
  }

  private static Transition submitRow(Job job, String actor) {
    return new Transition(job.id(), 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor, job.createdAt());
  }

  @Override
  public JobChange fire(JobId id, JobEvent event, EventContext context) {
    return fire(get(id), event, context);
  }

  @Override
  public JobChange fire(Job expected, JobEvent event, EventContext context) {
    JobChange change = decide(expected, event, context);
    if (!store.compareAndSet(expected, change.job(), change.transition())) {
      throw new ConcurrentTransitionException(expected.id(), expected.state(), event, expected.version());
    }
    notifyListeners(change);
    return change;
  }

  @Override
  public JobChange decide(Job job, JobEvent event, EventContext context) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(event, "event");
    EventContext ctx = context == null ? EventContext.none() : context;
    Instant now = settings.clock().instant();
    GuardContext gc = event == JobEvent.START
        ? new GuardContext(job, event, ctx, now, (int) Math.min(Integer.MAX_VALUE, store.count(JobState.PROCESSING)),
            settings.maxConcurrent(), new RunningJobs(store), dependencies(job, event), groupOf(job))
        : new GuardContext(job, event, ctx, now, 0, settings.maxConcurrent(), List.of(), dependencies(job, event));
    return decide(gc);
  }

  private JobChange decide(GuardContext gc) {
    TransitionTable.Edge edge = engine().decide(gc);
    JobStore.Change c = Effects.apply(edge, gc, actor(), settings.backoff());
    return new JobChange(c.next(), c.transition());
  }

  @Override
  public Optional<JobChange> startNext(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + limit);
    }
    Instant now = settings.clock().instant();
    Map<String, dev.lifeline.GroupSettings> groups = new HashMap<>();
    JobChange[] written = new JobChange[1];
    Optional<Job> claimed = store.claimNext(now, limit, (candidate, running) -> {
      try {
        JobChange c = decide(new GuardContext(candidate, JobEvent.START, EventContext.none(), now, running, limit,
            new RunningJobs(store), dependencies(candidate, JobEvent.START), groupOf(candidate, groups)));
        written[0] = c;
        return Optional.of(new JobStore.Change(c.job(), c.transition()));
      } catch (TransitionException refused) {
        return Optional.empty();
      }
    });
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    JobChange change = new JobChange(claimed.get(), written[0].transition());
    notifyListeners(change);
    return Optional.of(change);
  }

  @Override
  public List<TransitionResult> fireAll(List<TransitionRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    TransitionResult[] results = new TransitionResult[requests.size()];
    List<JobStore.Swap> swaps = new ArrayList<>();
    List<Integer> swapOf = new ArrayList<>();
    List<JobChange> decided = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (TransitionRequest r : requests) {
      if (!seen.add(Objects.requireNonNull(r, "request").expected().id())) {
        throw new IllegalArgumentException("job " + r.expected().id() + " appears twice in one batch");
      }
    }
    Instant now = settings.clock().instant();
    List<Job> startedHere = new ArrayList<>(); // a START counts the ones decided before it in this batch
    Map<String, dev.lifeline.GroupSettings> groups = new HashMap<>();
    RunningJobs running = null;
    int runningBefore = 0;
    for (int i = 0; i < requests.size(); i++) {
      TransitionRequest r = requests.get(i);
      try {
        JobChange c;
        if (r.event() == JobEvent.START) {
          if (running == null) {
            runningBefore = (int) Math.min(Integer.MAX_VALUE, store.count(JobState.PROCESSING));
            running = new RunningJobs(store, startedHere);
          }
          c = decide(new GuardContext(r.expected(), JobEvent.START, r.context(), now,
              runningBefore + startedHere.size(), settings.maxConcurrent(), running,
              dependencies(r.expected(), JobEvent.START), groupOf(r.expected(), groups)));
          startedHere.add(c.job());
        } else {
          c = decide(new GuardContext(r.expected(), r.event(), r.context(), now, 0, settings.maxConcurrent(),
              List.of(), dependencies(r.expected(), r.event())));
        }
        swaps.add(new JobStore.Swap(r.expected(), c.job(), c.transition()));
        swapOf.add(i);
        decided.add(c);
      } catch (TransitionException refused) {
        results[i] = new TransitionResult(r, null, refused);
      }
    }
    List<Boolean> applied = swaps.isEmpty() ? List.of() : store.compareAndSetAll(swaps);
    for (int k = 0; k < swaps.size(); k++) {
      int i = swapOf.get(k);
      TransitionRequest r = requests.get(i);
      results[i] = applied.get(k)
          ? new TransitionResult(r, decided.get(k), null)
          : new TransitionResult(r, null, new ConcurrentTransitionException(r.expected().id(),
              r.expected().state(), r.event(), r.expected().version()));
    }
    for (TransitionResult result : results) {
      if (result.committed()) {
        notifyListeners(result.change());
      }
    }
    return List.of(results);
  }

  @Override
  public List<JobChange> startAll(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + limit);
    }
    Instant now = settings.clock().instant();
    Map<JobId, Transition> rows = new HashMap<>();
    Map<String, dev.lifeline.GroupSettings> groups = new HashMap<>();
    List<Job> startedHere = new ArrayList<>();
    RunningJobs running = new RunningJobs(store, startedHere);
    List<Job> claimed = store.claimAll(now, limit, limit, (candidate, count) -> {
      try {
        JobChange c = decide(new GuardContext(candidate, JobEvent.START, EventContext.none(), now, count, limit,
            running, dependencies(candidate, JobEvent.START), groupOf(candidate, groups)));
        rows.put(candidate.id(), c.transition());
        startedHere.add(c.job());
        return Optional.of(new JobStore.Change(c.job(), c.transition()));
      } catch (TransitionException refused) {
        return Optional.empty();
      }
    });
    List<JobChange> changes = new ArrayList<>(claimed.size());
    for (Job job : claimed) {
      JobChange change = new JobChange(job, rows.get(job.id()));
      changes.add(change);
      notifyListeners(change);
    }
    return changes;
  }

  // ---- operator verbs -------------------------------------------------------------------------------------------

  @Override
  public JobChange cancel(JobId id, String reason, String actor) {
    return asOperator(id, JobEvent.CANCEL, EventContext.detail(blankToNull(reason)).withActor(actor));
  }

  @Override
  public JobChange retry(JobId id, String reason, String actor) {
    return asOperator(id, JobEvent.RETRY,
        EventContext.detail(blankToNull(reason)).withActor(actor).withOverride(true));
  }

  @Override
  public JobChange approve(JobId id, String reason, String actor) {
    return asOperator(id, JobEvent.PASS, EventContext.detail(blankToNull(reason)).withActor(actor));
  }

  @Override
  public JobChange reject(JobId id, String reason, String actor) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason");
    }
    return asOperator(id, JobEvent.REJECT, EventContext.detail(reason).withActor(actor));
  }

  @Override
  public JobChange hold(JobId id, String reason, String actor) {
    return asOperator(id, JobEvent.HOLD, EventContext.detail(blankToNull(reason)).withActor(actor));
  }

  @Override
  public JobChange release(JobId id, String reason, String actor) {
    return asOperator(id, JobEvent.RELEASE, EventContext.detail(blankToNull(reason)).withActor(actor));
  }

  /** How long {@link #awaitTerminal} waits between reads at most (changes made in this process do not signal). */
  private static final java.time.Duration WAIT_RECHECK = java.time.Duration.ofMillis(100);

  @Override
  public WaitOutcome awaitTerminal(java.util.Collection<JobId> ids, java.time.Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("the timeout must not be negative, got " + timeout);
    }
    List<JobId> distinct = List.copyOf(new java.util.LinkedHashSet<>(ids));
    long start = System.nanoTime();
    long budget;
    try {
      budget = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      budget = Long.MAX_VALUE;
    }
    while (true) {
      List<Job> jobs = new ArrayList<>(distinct.size());
      for (JobId id : distinct) {
        jobs.add(get(id));
      }
      if (jobs.stream().allMatch(WaitOutcome::isDone)) {
        return new WaitOutcome(jobs, false);
      }
      long left = budget - (System.nanoTime() - start);
      if (left <= 0) {
        return new WaitOutcome(jobs, true);
      }
      java.time.Duration nap = java.time.Duration.ofNanos(Math.min(left, WAIT_RECHECK.toNanos()));
      if (store.signalsChanges()) {
        store.awaitChange(nap);
      } else {
        Thread.sleep(nap.toMillis(), (int) (nap.toNanos() % 1_000_000));
      }
    }
  }

  @Override
  public dev.lifeline.GroupSettings group(String name) {
    dev.lifeline.JobSpec.checkGroupName(name);
    return store.controls().group(name).orElseGet(() -> dev.lifeline.GroupSettings.open(name));
  }

  @Override
  public List<dev.lifeline.GroupSettings> groups() {
    return store.controls().groups();
  }

  @Override
  public boolean setGroup(dev.lifeline.GroupSettings settings, String actor) {
    Objects.requireNonNull(settings, "settings");
    return controlChanged(store.controls().setGroup(settings, actor != null ? actor : actor(),
        this.settings.clock().instant()));
  }

  @Override
  public boolean setDraining(boolean draining, String actor) {
    return controlChanged(store.controls().setDraining(draining, actor != null ? actor : actor(),
        this.settings.clock().instant()));
  }

  /** Tells the commit observers (a supervisor in this process) of a control change; returns {@code changed}. */
  private boolean controlChanged(boolean changed) {
    if (changed) {
      commitObservers.forEach(Runnable::run);
    }
    return changed;
  }

  @Override
  public dev.lifeline.Hook addHook(dev.lifeline.HookTrigger on, String group, dev.lifeline.HookTarget target,
      String actor) {
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(target, "target");
    if (group != null) {
      dev.lifeline.JobSpec.checkGroupName(group);
    }
    return store.outbox().addHook(on, group, target, actor != null ? actor : actor(), settings.clock().instant());
  }

  @Override
  public List<dev.lifeline.Hook> hooks() {
    return store.outbox().hooks();
  }

  @Override
  public boolean removeHook(long id) {
    return store.outbox().removeHook(id);
  }

  @Override
  public List<dev.lifeline.Delivery> deliveries(JobId id) {
    return store.outbox().forJob(Objects.requireNonNull(id, "id"));
  }

  @Override
  public boolean draining() {
    return store.controls().draining();
  }

  @Override
  public List<dev.lifeline.spi.ControlChange> controlChanges(int limit) {
    return store.controls().changes(limit);
  }

  @Override
  public List<JobId> waitingOn(Job job) {
    return TransitionTable.waitingOn(Objects.requireNonNull(job, "job"), store::find);
  }

  @Override
  public List<JobId> dependents(JobId id) {
    return store.dependents(Objects.requireNonNull(id, "id"));
  }

  /** Reads the job and fires; a lost race is retried once against a fresh read, a second one is thrown. */
  private JobChange asOperator(JobId id, JobEvent event, EventContext context) {
    Objects.requireNonNull(id, "id");
    try {
      return fire(get(id), event, context);
    } catch (ConcurrentTransitionException lost) {
      return fire(get(id), event, context);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  // ---- reads --------------------------------------------------------------------------------------------------------

  @Override
  public Optional<Job> find(JobId id) {
    return store.find(id);
  }

  @Override
  public Job get(JobId id) {
    return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
  }

  @Override
  public List<Job> list(Set<JobState> states, int limit) {
    return store.list(new JobQuery(states, limit));
  }

  @Override
  public List<Job> list(Set<JobState> states, String group, int limit) {
    return store.list(new JobQuery(states, limit, group));
  }

  @Override
  public List<Transition> history(JobId id) {
    return store.history(id);
  }

  @Override
  public Map<JobState, Long> counts() {
    return store.counts();
  }

  @Override
  public Set<JobEvent> allowedEvents(JobState state) {
    return TransitionTable.standard().allowedEvents(state);
  }

  @Override
  public TransitionTable table() {
    return TransitionTable.standard();
  }

  @Override
  public String diagram(DiagramFormat format) {
    return Diagrams.render(TransitionTable.standard(), format);
  }

  @Override
  public Set<String> verifierNames() {
    return settings.verifiers().keySet();
  }

  @Override
  public Optional<Verifier> verifier(String name) {
    return Optional.ofNullable(settings.verifiers().get(name));
  }

  @Override
  public Clock clock() {
    return settings.clock();
  }

  @Override
  public String actor() {
    String a = actor;
    if (a == null) {
      a = settings.actor() != null ? settings.actor() : Lifecycle.Builder.defaultActor();
      actor = a;
    }
    return a;
  }

  private void notifyListeners(JobChange change) {
    for (Runnable observer : commitObservers) {
      try {
        observer.run();
      } catch (RuntimeException ignored) {
        // like a listener's: it must not undo or stop a committed transition
      }
    }
    if (settings.listeners().isEmpty()) {
      return;
    }
    TransitionEvent e = new TransitionEvent(change.job(), change.transition());
    for (LifelineListener l : settings.listeners()) {
      try {
        l.onTransition(e);
      } catch (RuntimeException ignored) {
        // A listener's failure must not undo or stop a committed transition (see LifelineListener).
      }
    }
  }

  /** The stored settings of {@code job}'s group, or the defaults. */
  private dev.lifeline.GroupSettings groupOf(Job job) {
    String name = job.spec().group();
    return store.controls().group(name).orElseGet(() -> dev.lifeline.GroupSettings.open(name));
  }

  /** {@link #groupOf(Job)}, each group read once per batch. */
  private dev.lifeline.GroupSettings groupOf(Job job, Map<String, dev.lifeline.GroupSettings> groups) {
    return groups.computeIfAbsent(job.spec().group(), name -> groupOf(job));
  }

  /** The snapshots of the jobs {@code job} waits for, read when a guard first looks (START and ABANDON only). */
  private List<Job> dependencies(Job job, JobEvent event) {
    if (job.spec().after().isEmpty() || (event != JobEvent.START && event != JobEvent.ABANDON)) {
      return List.of();
    }
    List<JobId> ids = job.spec().after();
    return new LazyList<>(() -> {
      List<Job> found = new ArrayList<>(ids.size());
      for (JobId id : ids) {
        store.find(id).ifPresent(found::add);
      }
      return found;
    });
  }

  /**
   * The PROCESSING jobs, read from the store the first time a guard looks, then kept: inside a claim the read runs
   * within the claim, so it agrees with the count. Unmodifiable; not thread-safe (one decision's).
   */
  private static final class RunningJobs extends AbstractList<Job> {
    private final JobStore store;
    /** The jobs a batch started before this decision: not committed yet, so not read from the store. */
    private final List<Job> startedHere;
    private List<Job> read;
    private List<Job> jobs;
    private int seenStarted;

    RunningJobs(JobStore store) {
      this(store, List.of());
    }

    RunningJobs(JobStore store, List<Job> startedHere) {
      this.store = store;
      this.startedHere = startedHere;
    }

    private List<Job> jobs() {
      if (read == null) {
        read = List.copyOf(store.list(JobQuery.inStates(JobState.PROCESSING).withLimit(Integer.MAX_VALUE)));
      }
      if (jobs == null || seenStarted != startedHere.size()) {
        seenStarted = startedHere.size();
        List<Job> all = new ArrayList<>(read);
        Set<JobId> ids = new HashSet<>();
        read.forEach(j -> ids.add(j.id()));
        startedHere.stream().filter(j -> !ids.contains(j.id())).forEach(all::add); // a store that commits each claim
        jobs = List.copyOf(all);
      }
      return jobs;
    }

    @Override
    public Job get(int index) {
      return jobs().get(index);
    }

    @Override
    public int size() {
      return jobs().size();
    }
  }
}
