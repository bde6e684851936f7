package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.context.Lifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.StateMachineFactory;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.state.State;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import org.springframework.statemachine.support.StateMachineInterceptorAdapter;
import org.springframework.statemachine.transition.Transition;
import reactor.core.publisher.Mono;

/**
 * Decides with Spring Statemachine 4.0.2, on a machine generated once from {@link TransitionTable#standard()}.
 *
 * <p>The table stays the source of truth: an event without an edge is refused from the table before any machine is
 * touched, and terminality lives in the table (no state is declared an SSM end state, so a reused machine never
 * gets stuck in one; {@code notes/limits.md} §5b). Each decision carries an {@link Outcome} in its message
 * headers: the guard adapters record refusals and exceptions there (they never throw into the machine), and an
 * interceptor records the state entered. The outcome, not SSM's result type, says what happened.
 *
 * <p>Thread-safe: a machine is used by one decision at a time, whatever the {@link Shape}. No SSM type leaves this
 * class.
 */
public final class SsmEngine implements Engine {

  /** How a decision gets a machine set to the job's persisted state. All keep one machine per decision at a time. */
  public enum Shape {
    /** A new machine per decision: get, reset, start, send, stop. */
    FRESH,
    /** A new machine per decision that is dropped without stopping it. */
    FRESH_UNSTOPPED,
    /** One machine per thread: stop, reset, start, send. */
    THREAD_RESTART,
    /** One started machine per thread, reset while running, then send (never stopped). */
    THREAD_RUNNING,
    /** Started machines borrowed exclusively from a shared pool, reset while running, then send. */
    POOLED_RUNNING
  }

  /**
   * The shape {@link dev.lifeline.Lifecycle.Builder.EngineKind#STATE_MACHINE} uses. As cheap as a machine per thread
   * (BENCHMARKS.md §1), but the number of machines is bounded by the peak number of decisions at once rather than by
   * the number of threads that ever decided, and a guard that re-enters the engine simply borrows another machine.
   */
  public static final Shape DEFAULT_SHAPE = Shape.POOLED_RUNNING;

  private static final TransitionTable TABLE = TransitionTable.standard();

  private final Map<JobEvent, List<NamedGuard>> userGuards;
  private final Shape shape;
  private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);
  private final ConcurrentLinkedDeque<StateMachine<JobState, JobEvent>> pool = new ConcurrentLinkedDeque<>();

  public SsmEngine(Map<JobEvent, List<NamedGuard>> userGuards) {
    this(userGuards, DEFAULT_SHAPE);
  }

  public SsmEngine(Map<JobEvent, List<NamedGuard>> userGuards, Shape shape) {
    this.userGuards = Map.copyOf(userGuards);
    this.shape = Objects.requireNonNull(shape, "shape");
    Machines.ensureBuilt();
  }

  public Shape shape() {
    return shape;
  }

  @Override
  public Edge decide(GuardContext context) {
    JobState from = context.job().state();
    JobEvent event = context.event();
    List<Edge> edges = TABLE.edges(from, event);
    if (edges.isEmpty()) {
      throw new IllegalTransitionException(context.job().id(), from, event);
    }
    Outcome outcome = new Outcome(context, new Guards(userGuards));
    Message<JobEvent> message = MessageBuilder.withPayload(event).setHeader(Outcome.HEADER, outcome).build();
    List<StateMachineEventResult<JobState, JobEvent>> results;
    try {
      results = switch (shape) {
        case FRESH -> onFreshMachine(from, message, true);
        case FRESH_UNSTOPPED -> onFreshMachine(from, message, false);
        case THREAD_RESTART, THREAD_RUNNING -> onThreadMachine(from, message);
        case POOLED_RUNNING -> onPooledMachine(from, message);
      };
    } catch (RuntimeException e) {
      throw new TransitionFailedException(context.job().id(), from, event, "the state machine", e);
    }
    return interpret(outcome, edges, results);
  }

  private static Edge interpret(Outcome outcome, List<Edge> edges,
      List<StateMachineEventResult<JobState, JobEvent>> results) {
    GuardContext c = outcome.context();
    if (outcome.error() != null) {
      throw outcome.error();
    }
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    if (outcome.target() != null) {
      for (Edge e : edges) {
        if (e.to() == outcome.target()) {
          return e;
        }
      }
      throw unexpected(c, "the state machine entered " + outcome.target() + ", which no edge of the table allows");
    }
    if (outcome.guards().refused()) {
      throw outcome.guards().rejection(c);
    }
    List<Object> types = new ArrayList<>();
    if (results != null) {
      results.forEach(r -> types.add(r.getResultType()));
    }
    throw unexpected(c, "the state machine took no edge and no guard refused (results " + types + ")");
  }

  private static TransitionFailedException unexpected(GuardContext c, String what) {
    return new TransitionFailedException(c.job().id(), c.job().state(), c.event(), "the state machine",
        new IllegalStateException(what));
  }

  // ---- shapes ---------------------------------------------------------------------------------------------------

  private static List<StateMachineEventResult<JobState, JobEvent>> onFreshMachine(JobState from,
      Message<JobEvent> message, boolean stop) {
    StateMachine<JobState, JobEvent> m = Machines.create();
    Machines.reset(m, from);
    m.startReactively().block();
    try {
      return Machines.send(m, message);
    } finally {
      if (stop) {
        m.stopReactively().block();
      }
    }
  }

  /** A thread's own machine; {@code busy} guards against a guard re-entering the engine on the same thread. */
  private static final class Slot {
    StateMachine<JobState, JobEvent> machine;
    boolean busy;
  }

  private List<StateMachineEventResult<JobState, JobEvent>> onThreadMachine(JobState from,
      Message<JobEvent> message) {
    Slot slot = slots.get();
    if (slot.busy) {
      return onFreshMachine(from, message, true);
    }
    slot.busy = true;
    boolean healthy = false;
    try {
      StateMachine<JobState, JobEvent> m = slot.machine;
      if (m == null) {
        m = Machines.create();
        slot.machine = m;
        if (shape != Shape.THREAD_RESTART) {
          m.startReactively().block();
        }
      }
      if (!prepare(m, from, shape == Shape.THREAD_RESTART)) {
        slot.machine = null;
        return onFreshMachine(from, message, true);
      }
      List<StateMachineEventResult<JobState, JobEvent>> results = Machines.send(m, message);
      healthy = true;
      return results;
    } finally {
      if (!healthy) {
        slot.machine = null;
      }
      slot.busy = false;
    }
  }

  private List<StateMachineEventResult<JobState, JobEvent>> onPooledMachine(JobState from,
      Message<JobEvent> message) {
    StateMachine<JobState, JobEvent> m = pool.pollFirst();
    if (m == null) {
      m = Machines.create();
      m.startReactively().block();
    }
    if (!prepare(m, from, false)) {
      return onFreshMachine(from, message, true);
    }
    List<StateMachineEventResult<JobState, JobEvent>> results = Machines.send(m, message);
    pool.offerFirst(m);
    return results;
  }

  /**
   * Sets a reused machine to {@code from} (restarting it first when asked) and checks that it really is running in
   * {@code from}; false means the machine must be dropped.
   */
  private static boolean prepare(StateMachine<JobState, JobEvent> m, JobState from, boolean restart) {
    if (restart) {
      m.stopReactively().block();
    }
    Machines.reset(m, from);
    if (restart) {
      m.startReactively().block();
    }
    return isReady(m, from);
  }

  /** True when {@code m} is running, without error, in {@code state}. */
  private static boolean isReady(StateMachine<JobState, JobEvent> m, JobState from) {
    State<JobState, JobEvent> s = m.getState();
    return s != null && s.getId() == from && !m.hasStateMachineError()
        && (!(m instanceof Lifecycle l) || l.isRunning());
  }

  /** Test hook: stops this thread's machine behind the engine's back, as a reset bug would leave it. */
  void breakThreadMachineForTest() {
    Slot slot = slots.get();
    if (slot.machine != null) {
      slot.machine.stopReactively().block();
    }
  }

  /** Test hook: whether this thread holds a machine. */
  boolean hasThreadMachineForTest() {
    return slots.get().machine != null;
  }

  /** Test hook: stops every idle pooled machine behind the engine's back. */
  void breakPooledMachinesForTest() {
    pool.forEach(m -> m.stopReactively().block());
  }

  /** Test hook: how many started machines the pool holds while no decision runs. */
  int pooledMachinesForTest() {
    return pool.size();
  }

  // ---- the one factory ------------------------------------------------------------------------------------------

  /** The factory generated from the table, built once per JVM on first use (lazy holder). */
  private static final class Machines {
    static final StateMachineFactory<JobState, JobEvent> FACTORY = build();
    static final Recorder RECORDER = new Recorder();

    static StateMachineFactory<JobState, JobEvent> build() {
      try {
        StateMachineBuilder.Builder<JobState, JobEvent> b = StateMachineBuilder.builder();
        b.configureConfiguration().withConfiguration().autoStartup(false).and().withVerifier().enabled(true);
        // No end states: COMPLETED and FAILED are terminal by the table, and a reused machine must leave them.
        b.configureStates().withStates().initial(JobState.QUEUED).states(EnumSet.allOf(JobState.class));
        StateMachineTransitionConfigurer<JobState, JobEvent> t = b.configureTransitions();
        for (Edge edge : TABLE.edges()) {
          if (edge.from() == null) {
            continue; // SUBMIT: the store's insert creates the QUEUED row; there is no state to leave
          }
          t.withExternal().source(edge.from()).target(edge.to()).event(edge.event())
              .guard(ctx -> {
                Outcome o = ctx.getMessageHeaders().get(Outcome.HEADER, Outcome.class);
                return o != null && o.allows(edge);
              })
              .and();
        }
        StateMachineFactory<JobState, JobEvent> factory = b.createFactory();
        factory.getStateMachine(); // runs the model verifier once
        return factory;
      } catch (Exception e) {
        throw new IllegalStateException("the transition table does not make a valid state machine", e);
      }
    }

    /** Loading this class builds and verifies the factory, so a malformed table fails when an engine is made. */
    static void ensureBuilt() {}

    static StateMachine<JobState, JobEvent> create() {
      StateMachine<JobState, JobEvent> m = FACTORY.getStateMachine();
      m.getStateMachineAccessor().doWithAllRegions(a -> a.addStateMachineInterceptor(RECORDER));
      return m;
    }

    static void reset(StateMachine<JobState, JobEvent> m, JobState state) {
      String id = m.getId();
      m.getStateMachineAccessor().doWithAllRegions(a -> a.resetStateMachineReactively(
          new DefaultStateMachineContext<>(state, null, null, null, null, id)).block());
    }

    static List<StateMachineEventResult<JobState, JobEvent>> send(StateMachine<JobState, JobEvent> m,
        Message<JobEvent> message) {
      return m.sendEvent(Mono.just(message)).collectList().block();
    }
  }

  /** Records the state a decision entered into its {@link Outcome}. Stateless; shared by every machine. */
  private static final class Recorder extends StateMachineInterceptorAdapter<JobState, JobEvent> {
    @Override
    public void postStateChange(State<JobState, JobEvent> state, Message<JobEvent> message,
        Transition<JobState, JobEvent> transition, StateMachine<JobState, JobEvent> stateMachine,
        StateMachine<JobState, JobEvent> rootStateMachine) {
      if (message != null && state != null) {
        Outcome o = message.getHeaders().get(Outcome.HEADER, Outcome.class);
        if (o != null) {
          o.entered(state.getId());
        }
      }
    }
  }
}
