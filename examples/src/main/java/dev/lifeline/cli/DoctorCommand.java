package dev.lifeline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lifeline doctor}: checks the environment and the database, one line each (paths and messages printed
 * {@link Printable}). Never writes the database.
 */
final class DoctorCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;

  DoctorCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "doctor",
        "Check Java, tmux (3.2 or newer), the socket directory, the run files, and the database's integrity and "
            + "schema version. Exits with the code of the first failed check (7 tmux, 5 database).",
        "  lifeline doctor", "  lifeline --db /srv/jobs.db --socket ci doctor");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Terminal term = root.terminal();
    List<Wiring.Check> checks = root.wiring().doctor();
    int code = ExitCodes.OK;
    for (Wiring.Check c : checks) {
      String mark = c.ok() ? term.paint("ok  ", Terminal.GREEN) : term.paint("FAIL", Terminal.RED);
      out.printf("%s  %-10s %s%n", mark, Printable.of(c.name()), Printable.of(c.detail()));
      if (!c.ok() && code == ExitCodes.OK) {
        code = c.exitCode();
      }
    }
    return code;
  }
}
