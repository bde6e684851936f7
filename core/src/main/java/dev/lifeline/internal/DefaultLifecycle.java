package dev.lifeline.internal;

import dev.lifeline.Backoff;
import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.DiagramFormat;
import dev.lifeline.EventContext;
import dev.lifeline.GuardContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.TransitionException;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.NamedGuard;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@link Lifecycle} behind {@link Lifecycle#builder()}. Immutable and thread-safe. */
public final class DefaultLifecycle implements Lifecycle {

  private final JobStore store;
  private final Clock clock;
  private final String actor;
  private final Backoff backoff;
  private final int maxConcurrent;
  private final List<LifelineListener> listeners;
  private final TransitionTable table = TransitionTable.standard();
  private final Engine engine;

  public DefaultLifecycle(JobStore store, Clock clock, String actor, Backoff backoff, int maxConcurrent,
      Map<JobEvent, List<NamedGuard>> guards, List<LifelineListener> listeners, Builder.EngineKind engineKind) {
    this(store, clock, actor, backoff, maxConcurrent, listeners, switch (engineKind) {
      case TABLE -> new TableEngine(TransitionTable.standard(), guards);
      case STATE_MACHINE -> new SsmEngine(guards);
    });
  }

  /** With an engine chosen by the caller (tests and benchmarks try each {@link SsmEngine.Shape}). */
  public DefaultLifecycle(JobStore store, Clock clock, String actor, Backoff backoff, int maxConcurrent,
      List<LifelineListener> listeners, Engine engine) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.actor = Objects.requireNonNull(actor, "actor");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.maxConcurrent = maxConcurrent;
    this.listeners = List.copyOf(listeners);
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** The engine deciding this lifecycle's transitions. */
  Engine engine() {
    return engine;
  }

  @Override
  public Job submit(JobSpec spec) {
    return submit(spec, null);
  }

  @Override
  public Job submit(JobSpec spec, String idempotencyKey) {
    Objects.requireNonNull(spec, "spec");
    Instant now = clock.instant();
    JobStore.Inserted inserted = store.insert(spec, idempotencyKey, now, actor);
    if (inserted.created() && !listeners.isEmpty()) {
      Job job = inserted.job();
      notifyListeners(job,
          new Transition(job.id(), 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor, job.createdAt()));
    }
    return inserted.job();
  }

  @Override
  public Job fire(JobId id, JobEvent event, EventContext context) {
    return fire(get(id), event, context);
  }

  @Override
  public Job fire(Job expected, JobEvent event, EventContext context) {
    JobStore.Change change = decide(expected, event, context);
    if (!store.compareAndSet(expected, change.next(), change.transition())) {
      throw new ConcurrentTransitionException(expected.id(), expected.state(), event, expected.version());
    }
    notifyListeners(change.next(), change.transition());
    return change.next();
  }

  @Override
  public JobStore.Change decide(Job job, JobEvent event, EventContext context) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(event, "event");
    EventContext ctx = context == null ? EventContext.none() : context;
    int running = event == JobEvent.START
        ? store.counts().getOrDefault(JobState.PROCESSING, 0L).intValue()
        : 0;
    return decide(new GuardContext(job, event, ctx, clock.instant(), running, maxConcurrent));
  }

  private JobStore.Change decide(GuardContext gc) {
    TransitionTable.Edge edge = engine.decide(gc);
    return Effects.apply(edge, gc, actor, backoff);
  }

  @Override
  public Optional<Job> startNext(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + limit);
    }
    Instant now = clock.instant();
    JobStore.Change[] written = new JobStore.Change[1];
    Optional<Job> claimed = store.claimNext(now, limit, (candidate, running) -> {
      try {
        JobStore.Change c =
            decide(new GuardContext(candidate, JobEvent.START, EventContext.none(), now, running, limit));
        written[0] = c;
        return Optional.of(c);
      } catch (TransitionException refused) {
        return Optional.empty();
      }
    });
    claimed.ifPresent(job -> notifyListeners(job, written[0].transition()));
    return claimed;
  }

  @Override
  public Optional<Job> find(JobId id) {
    return store.find(id);
  }

  @Override
  public Job get(JobId id) {
    return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
  }

  @Override
  public List<Job> list(JobQuery query) {
    return store.list(query);
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
    return table.allowedEvents(state);
  }

  @Override
  public TransitionTable table() {
    return table;
  }

  @Override
  public String diagram(DiagramFormat format) {
    return Diagrams.render(table, format);
  }

  @Override
  public JobStore store() {
    return store;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String actor() {
    return actor;
  }

  /**
   * This lifecycle's rules (engine, guards, clock, actor, backoff) over {@code other}, telling no listener: what
   * {@code Supervisor.plan()} decides with, over a store that records writes without making them.
   */
  public Lifecycle over(JobStore other) {
    return new DefaultLifecycle(other, clock, actor, backoff, maxConcurrent, List.of(), engine);
  }

  /** The listeners registered on the builder: the supervisor tells them its notices too. */
  public List<LifelineListener> listeners() {
    return listeners;
  }

  private void notifyListeners(Job job, Transition t) {
    TransitionEvent e = new TransitionEvent(job, t);
    for (LifelineListener l : listeners) {
      try {
        l.onTransition(e);
      } catch (RuntimeException ignored) {
        // A listener's failure must not undo or stop a committed transition (see LifelineListener).
      }
    }
  }
}
