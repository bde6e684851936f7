package dev.lifeline.cli;

import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Fires an operator's event through the lifecycle's guarded compare-and-set. A lost race (the supervisor moved the
 * job between our read and our write) is retried once against the re-read row, which then either succeeds or fails
 * with the refusal that now applies; a second lost race surfaces as {@link ConcurrentTransitionException} (exit 1).
 * Stateless.
 */
final class OperatorEvent {

  static final String ACTOR = "operator";

  private OperatorEvent() {}

  /**
   * The row before and after an operator's event.
   *
   * @param before as read
   * @param after as written
   */
  record Moved(Job before, Job after) {}

  /**
   * Opens the store for writing, fires {@code event} at job {@code id} as the operator, and prints the move.
   *
   * @return the row before and after
   */
  static Moved apply(LifelineCommand root, CommandSpec spec, JobId id, JobEvent event, EventContext context) {
    Wiring w = root.wiring();
    try (JobStore store = w.openForWrite()) {
      Lifecycle lifecycle = w.lifecycle(store);
      Moved moved = fire(lifecycle, id, event, context);
      report(spec.commandLine().getOut(), root.terminal(), lifecycle, moved.before(), moved.after());
      return moved;
    }
  }

  /**
   * Fires {@code event} at job {@code id}.
   *
   * @return the row before and after
   */
  static Moved fire(Lifecycle lifecycle, JobId id, JobEvent event, EventContext context) {
    EventContext ctx = context.withActor(ACTOR);
    for (int round = 1; ; round++) {
      Job before = lifecycle.get(id);
      try {
        return new Moved(before, lifecycle.fire(before, event, ctx));
      } catch (ConcurrentTransitionException race) {
        if (round == 2) {
          throw race;
        }
      }
    }
  }

  /** {@code Job 42: PROCESSING -> FAILED (CANCELLED: no longer needed)}. */
  static void report(PrintWriter out, Terminal term, Lifecycle lifecycle, Job before, Job after) {
    List<Transition> history = lifecycle.history(after.id());
    Transition last = history.isEmpty() ? null : history.get(history.size() - 1);
    String why = "";
    if (last != null && last.reason() != null) {
      why = " (" + last.reason() + (last.detail() != null ? ": " + last.detail() : "") + ")";
    } else if (last != null && last.detail() != null) {
      why = " (" + last.detail() + ")";
    }
    out.println("Job " + after.id() + ": " + term.state(before.state()) + " -> " + term.state(after.state()) + why);
  }
}
