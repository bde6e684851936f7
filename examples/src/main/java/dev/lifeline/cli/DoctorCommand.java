package dev.lifeline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline doctor}: checks the environment and the database, one line each. Never writes the database. */
@Command(name = "doctor",
    description = {"Check Java, tmux (3.2 or newer), the socket directory, the run files, and the database's "
        + "integrity and schema version. Exits with the code of the first failed check (7 tmux, 5 database)."},
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline doctor", "  lifeline --db /srv/jobs.db --socket ci doctor"})
final class DoctorCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Terminal term = root.terminal();
    List<Wiring.Check> checks = root.wiring().doctor();
    int code = ExitCodes.OK;
    for (Wiring.Check c : checks) {
      String mark = c.ok() ? term.paint("ok  ", Terminal.GREEN) : term.paint("FAIL", Terminal.RED);
      out.printf("%s  %-10s %s%n", mark, c.name(), c.detail());
      if (!c.ok() && code == ExitCodes.OK) {
        code = c.exitCode();
      }
    }
    return code;
  }
}
