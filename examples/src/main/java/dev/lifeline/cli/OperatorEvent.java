package dev.lifeline.cli;

import dev.lifeline.JobChange;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs an operator's verb ({@link Lifecycle#cancel}, {@code retry}, {@code approve}, {@code reject}) on the store
 * opened for writing and prints the move. The verb itself (the guarded compare-and-set, the one re-read after a lost
 * race) is the lifecycle's; a race lost twice surfaces as {@link dev.lifeline.ConcurrentTransitionException} (exit 1).
 * Stateless.
 */
final class OperatorEvent {

  static final String ACTOR = "operator";

  private OperatorEvent() {}

  /**
   * Opens the store for writing, runs {@code verb} on its lifecycle, and prints the move.
   *
   * @return the committed change
   */
  static JobChange apply(LifelineCommand root, CommandSpec spec, Function<Lifecycle, JobChange> verb) {
    try (Wiring.Opened opened = root.wiring().write()) {
      JobChange change = verb.apply(opened.lifecycle());
      report(spec.commandLine().getOut(), root.terminal(), change);
      return change;
    }
  }

  /**
   * {@code Job 42: PROCESSING -> FAILED (CANCELLED: no longer needed)}, from the change's own history row; the detail
   * is printed {@link Printable}, so the line stays one line.
   */
  static void report(PrintWriter out, Terminal term, JobChange change) {
    Transition t = change.transition();
    String why = "";
    if (t.reason() != null) {
      why = " (" + t.reason() + (t.detail() != null ? ": " + Printable.of(t.detail()) : "") + ")";
    } else if (t.detail() != null) {
      why = " (" + Printable.of(t.detail()) + ")";
    }
    out.println("Job " + change.id() + ": " + (t.from() == null ? "" : term.state(t.from()) + " -> ")
        + term.state(t.to()) + why);
  }
}
