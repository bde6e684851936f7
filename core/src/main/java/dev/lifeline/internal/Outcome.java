package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.JobState;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable.Edge;

/**
 * What one decision on a state machine really did, recorded by our guard adapters and interceptor because Spring
 * Statemachine's own result cannot tell a refusal from a success. Travels in the event's message headers, so a
 * machine holds no per-decision state. Not thread-safe: one per decision.
 */
final class Outcome {

  /** The message header the outcome travels in. */
  static final String HEADER = "lifeline.outcome";

  private final GuardContext context;
  private final Guards guards;
  private TransitionFailedException failure;
  private Error error;
  private JobState target;

  Outcome(GuardContext context, Guards guards) {
    this.context = context;
    this.guards = guards;
  }

  /**
   * The guard adapter of {@code edge}: evaluates its guards and never throws into the state machine. After a guard
   * has thrown, every further edge is refused, so the first failure is the one reported (as the table engine does).
   */
  boolean allows(Edge edge) {
    if (failure != null) {
      return false;
    }
    try {
      return guards.allows(edge, context);
    } catch (TransitionFailedException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new TransitionFailedException(context.job().id(), context.job().state(), context.event(),
          "the guards of " + edge.from() + " → " + edge.to(), e);
    } catch (Error e) {
      error = e; // rethrown to the caller as the table engine would, instead of being swallowed by the machine
      failure = new TransitionFailedException(context.job().id(), context.job().state(), context.event(),
          "the guards of " + edge.from() + " → " + edge.to(), e);
    }
    return false;
  }

  /** An {@link Error} a guard threw, or {@code null}. */
  Error error() {
    return error;
  }

  /** Called by the interceptor once the machine has entered {@code state}. */
  void entered(JobState state) {
    target = state;
  }

  GuardContext context() {
    return context;
  }

  Guards guards() {
    return guards;
  }

  /** The exception a guard threw, or {@code null}. */
  TransitionFailedException failure() {
    return failure;
  }

  /** The state the machine entered, or {@code null} when it took no edge. */
  JobState target() {
    return target;
  }
}
