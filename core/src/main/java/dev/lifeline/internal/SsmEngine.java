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
 * <p>Machines come from a pool of started machines: a decision borrows one exclusively, resets it to the job's
 * persisted state while it runs, sends the event and returns it. As cheap as a machine per thread (BENCHMARKS.md §1),
 * but the number of machines is bounded by the peak number of decisions at once, and a guard that re-enters the
 * engine simply borrows another machine. A machine that is not ready after its reset is dropped for a fresh one.
 *
 * <p>Thread-safe: a machine is used by one decision at a time. No SSM type leaves this class.
 */
final class SsmEngine implements Engine {

  private static final TransitionTable TABLE = TransitionTable.standard();

  private final Map<JobEvent, List<NamedGuard>> userGuards;
  private final ConcurrentLinkedDeque<StateMachine<JobState, JobEvent>> pool = new ConcurrentLinkedDeque<>();

  SsmEngine(Map<JobEvent, List<NamedGuard>> userGuards) {
    this.userGuards = Map.copyOf(userGuards);
    Machines.ensureBuilt();
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
      results = onPooledMachine(from, message);
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

  // ---- machines -------------------------------------------------------------------------------------------------

  /** A new machine for one decision: get, reset, start, send, stop. */
  private static List<StateMachineEventResult<JobState, JobEvent>> onFreshMachine(JobState from,
      Message<JobEvent> message) {
    StateMachine<JobState, JobEvent> m = Machines.create();
    Machines.reset(m, from);
    m.startReactively().block();
    try {
      return Machines.send(m, message);
    } finally {
      m.stopReactively().block();
    }
  }

  private List<StateMachineEventResult<JobState, JobEvent>> onPooledMachine(JobState from,
      Message<JobEvent> message) {
    StateMachine<JobState, JobEvent> m = pool.pollFirst();
    if (m == null) {
      m = Machines.create();
      m.startReactively().block();
    }
    Machines.reset(m, from);
    if (!isReady(m, from)) {
      return onFreshMachine(from, message);
    }
    List<StateMachineEventResult<JobState, JobEvent>> results = Machines.send(m, message);
    pool.offerFirst(m);
    return results;
  }

  /** True when {@code m} is running, without error, in {@code state}. */
  private static boolean isReady(StateMachine<JobState, JobEvent> m, JobState from) {
    State<JobState, JobEvent> s = m.getState();
    return s != null && s.getId() == from && !m.hasStateMachineError()
        && (!(m instanceof Lifecycle l) || l.isRunning());
  }

  /** How many started machines the pool holds while no decision runs (the engine tests read it). */
  int idleMachines() {
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
