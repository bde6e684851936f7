package dev.lifeline.internal;

import dev.lifeline.GuardContext;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.JobEvent;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.TransitionTable.NamedGuard;
import java.util.List;
import java.util.Map;

/** Decides by looking the edge up in the table directly: the oracle for the state-machine engine. Thread-safe. */
final class TableEngine implements Engine {

  private final TransitionTable table;
  private final Map<JobEvent, List<NamedGuard>> userGuards;

  TableEngine(TransitionTable table, Map<JobEvent, List<NamedGuard>> userGuards) {
    this.table = table;
    this.userGuards = Map.copyOf(userGuards);
  }

  @Override
  public Edge decide(GuardContext context) {
    List<Edge> edges = table.edges(context.job().state(), context.event());
    if (edges.isEmpty()) {
      throw new IllegalTransitionException(context.job().id(), context.job().state(), context.event());
    }
    Guards guards = new Guards(userGuards);
    for (Edge e : edges) {
      if (guards.allows(e, context)) {
        return e;
      }
    }
    throw guards.rejection(context);
  }
}
