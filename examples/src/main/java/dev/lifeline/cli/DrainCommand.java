package dev.lifeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lifeline drain} and {@code lifeline undrain}: start or end a drain of the store, persisted and recorded
 * ({@link dev.lifeline.Lifecycle#setDraining}).
 */
final class DrainCommand implements Callable<Integer> {

  private final LifelineCommand root;
  private final boolean on;
  final CommandSpec spec;

  DrainCommand(LifelineCommand root, boolean on) {
    this.root = root;
    this.on = on;
    this.spec = on
        ? Specs.command(this, "drain",
            "Drain the store: a running supervisor starts nothing new and exits 0 once its running and verifying "
                + "work has ended. Persisted and recorded: a supervisor started later honours it until lifeline "
                + "undrain.",
            "  lifeline drain && lifeline wait 12 13")
        : Specs.command(this, "undrain", "End a drain: supervisors start jobs again.", "  lifeline undrain");
  }

  @Override
  public Integer call() {
    try (Wiring.Opened opened = root.wiring().write()) {
      boolean changed = opened.lifecycle().setDraining(on, OperatorEvent.ACTOR);
      spec.commandLine().getOut().println(on
          ? (changed ? "Drained: no new job starts; a running supervisor exits once its work has ended."
              : "Already drained.")
          : (changed ? "Drain ended: supervisors start jobs again." : "Not drained."));
    }
    return ExitCodes.OK;
  }
}
