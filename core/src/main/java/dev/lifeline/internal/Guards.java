package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.JobEvent;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates an edge's guards (built-in first, then the user's for the event) and remembers the refusal that got
 * furthest (most guards passed; on a tie, the edge earlier in the table), so both engines report the same guard for
 * the same situation whatever order they try the edges in. Not thread-safe: one per decision.
 */
final class Guards {

  private final Map<JobEvent, List<NamedGuard>> userGuards;
  private int bestPassed = -1;
  private int bestOrder = Integer.MAX_VALUE;
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
      int order = order(edge);
      if (passedSoFar > bestPassed || (passedSoFar == bestPassed && order < bestOrder)) {
        bestPassed = passedSoFar;
        bestOrder = order;
        refusingGuard = g.name();
        refusalReason = refusal.get();
      }
      return false;
    }
    return true;
  }

  /** The edge's position in the table: ties go to the earlier edge, whatever order an engine tried them in. */
  private static int order(Edge edge) {
    List<Edge> edges = TransitionTable.standard().edges();
    for (int i = 0; i < edges.size(); i++) {
      if (edges.get(i) == edge) {
        return i;
      }
    }
    return edges.size();
  }

  /** True once a guard has refused (as opposed to thrown). */
  boolean refused() {
    return refusingGuard != null;
  }

  /** The exception for "edges exist, all refused". */
  GuardRejectedException rejection(GuardContext context) {
    return new GuardRejectedException(context.job().id(), context.job().state(), context.event(), refusingGuard,
        refusalReason);
  }
}
