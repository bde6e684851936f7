package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.JobEvent;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates an edge's guards (built-in first, then the user's for the event) and remembers the refusal that got
 * furthest, so both engines report the same guard for the same situation. Not thread-safe: one per decision.
 */
final class Guards {

  private final Map<JobEvent, List<NamedGuard>> userGuards;
  private int bestPassed = -1;
  private String refusingGuard;
  private String refusalReason;

  Guards(Map<JobEvent, List<NamedGuard>> userGuards) {
    this.userGuards = userGuards;
  }

  /**
   * @return true when every guard of {@code edge} allows
   * @throws TransitionFailedException when a guard throws
   */
  boolean allows(Edge edge, GuardContext context) {
    int passed = 0;
    for (NamedGuard g : edge.guards()) {
      if (!check(g, edge, context, passed)) {
        return false;
      }
      passed++;
    }
    for (NamedGuard g : userGuards.getOrDefault(edge.event(), List.of())) {
      if (!check(g, edge, context, passed)) {
        return false;
      }
      passed++;
    }
    return true;
  }

  private boolean check(NamedGuard g, Edge edge, GuardContext context, int passedSoFar) {
    Optional<String> refusal;
    try {
      refusal = g.guard().check(context);
    } catch (RuntimeException e) {
      throw new TransitionFailedException(context.job().id(), context.job().state(), edge.event(),
          "guard '" + g.name() + "'", e);
    }
    if (refusal == null) {
      throw new TransitionFailedException(context.job().id(), context.job().state(), edge.event(),
          "guard '" + g.name() + "'", new NullPointerException("guard returned null instead of an Optional"));
    }
    if (refusal.isPresent()) {
      if (passedSoFar > bestPassed) {
        bestPassed = passedSoFar;
        refusingGuard = g.name();
        refusalReason = refusal.get();
      }
      return false;
    }
    return true;
  }

  /** The exception for "edges exist, all refused". */
  GuardRejectedException rejection(GuardContext context) {
    return new GuardRejectedException(context.job().id(), context.job().state(), context.event(), refusingGuard,
        refusalReason);
  }
}
