package dev.lifeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lifeline warmup} (hidden): runs the common commands once on a throwaway database so that the launcher can
 * record the classes they load in a class-data-sharing archive. Prints nothing; exits 0 when every step worked.
 */
final class WarmupCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;

  WarmupCommand(LifelineCommand root) {
    this.root = root;
    // No examples of its own: its help shows the root's, as picocli lets a subcommand inherit them.
    this.spec = Specs.command(this, "warmup", "Exercise the common commands once (for the launcher's CDS archive).");
    spec.usageMessage().hidden(true);
  }

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("lifeline-warmup");
    try {
      String db = dir.resolve("warmup.db").toString();
      // A socket of its own: health and reconcile only look (no server is started), and never at the user's.
      String socket = "lifeline-warmup-" + ProcessHandle.current().pid();
      String[][] steps = {
          {"--db", db, "submit", "--name", "warmup", "--verify-file", "x", "--", "true"},
          {"--db", db, "list"},
          {"--db", db, "list", "--json"},
          {"--db", db, "show", "1"},
          {"--db", db, "show", "1", "--json"},
          {"--db", db, "--socket", socket, "health"},
          {"--db", db, "--socket", socket, "reconcile", "--dry-run"},
          {"--db", db, "cancel", "1"},
          {"--db", db, "diagram"},
          {"--db", db, "submit", "--help"}};
      int worst = 0;
      for (String[] step : steps) {
        CommandLine cl = LifelineCommand.commandLine(new LifelineCommand(root.env(), root.wiringFactory()));
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        cl.setOut(sink);
        cl.setErr(sink);
        int code = cl.execute(step);
        worst = Math.max(worst, code == ExitCodes.UNHEALTHY ? ExitCodes.OK : code);
      }
      return worst == 0 ? ExitCodes.OK : ExitCodes.ERROR;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
