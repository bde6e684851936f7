package dev.lifeline.cli;

import dev.lifeline.Lifecycle;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline run}: the supervisor in the foreground, holding the store's lease. SIGTERM and Ctrl-C finish the
 * current pass, release the lease and leave the sessions running.
 */
@Command(name = "run", sortOptions = false,
    description = {"Run the supervisor in the foreground: observe the sessions, record exits, losses and timeouts, "
        + "verify, retry, and start queued jobs. One supervisor per database (a second one exits 1 naming the "
        + "holder). SIGTERM or Ctrl-C finishes the current pass, releases the lease and leaves the sessions running.",
        "On a terminal it shows a live view; elsewhere one line per transition."},
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline run", "  lifeline run --until-idle --max-concurrent 8",
        "  lifeline run --once", "  lifeline run --log /var/log/lifeline.log"})
final class RunCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "4",
      description = "At most N jobs PROCESSING at once (default ${DEFAULT-VALUE}).")
  private int maxConcurrent;

  @Option(names = "--poll", paramLabel = "DUR", defaultValue = "2s", converter = DurationConverter.class,
      description = "The backstop between passes; tmux hooks wake the supervisor sooner (default ${DEFAULT-VALUE}).")
  private Duration poll;

  @ArgGroup(exclusive = true)
  private Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--once", description = "One pass, then exit.")
    boolean once;

    @Option(names = "--until-idle",
        description = "Exit 0 once nothing is queued, running, verifying or waiting to retry.")
    boolean untilIdle;
  }

  @Option(names = "--log", paramLabel = "FILE",
      description = "Also append one line per transition and observation to FILE.")
  private Path log;

  @Option(names = "--orphans", paramLabel = "POLICY", defaultValue = "report",
      description = "Sessions tagged by Lifeline whose job is finished or unknown: report or kill (after 5m). "
          + "Default ${DEFAULT-VALUE}.")
  private OrphanPolicy orphans;

  @Override
  public Integer call() {
    if (maxConcurrent < 1) {
      throw new ParameterException(spec.commandLine(), "--max-concurrent must be at least 1, got " + maxConcurrent);
    }
    if (poll.isZero()) {
      throw new ParameterException(spec.commandLine(), "--poll must be longer than zero");
    }
    Wiring w = root.wiring();
    String tmuxVersion = w.checkRuntime();
    PrintWriter out = spec.commandLine().getOut();
    Terminal term = root.terminal();
    boolean live = term.interactive() && !mode.once;
    try (JobStore store = w.openForWrite();
        SessionRuntime runtime = w.runtime();
        RunOutput output = new RunOutput(out, spec.commandLine().getErr(), term, live, log)) {
      Lifecycle lifecycle = w.lifecycle(store);
      Duration stale = Duration.ofSeconds(30).compareTo(poll.multipliedBy(3)) > 0 ? Duration.ofSeconds(30)
          : poll.multipliedBy(3);
      Supervisor supervisor = Supervisor.builder()
          .lifecycle(lifecycle)
          .runtime(runtime)
          .maxConcurrent(maxConcurrent)
          .pollInterval(poll)
          .leaseStaleAfter(stale)
          .orphanPolicy(orphans)
          .listener(output)
          .build();
      Thread hook = new Thread(supervisor::close, "lifeline-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LiveView view = live ? new LiveView(store, output, out, term, w.clock(), "lifeline run  " + w.database()
          + "  (Ctrl-C stops; sessions keep running)") : null;
      if (!live) {
        output.info("lifeline run: " + w.database() + ", tmux socket " + w.socket() + " (" + tmuxVersion
            + "), up to " + maxConcurrent + " at once, supervisor " + supervisor.holder());
      }
      try {
        if (view != null) {
          view.start();
        }
        if (mode.once) {
          PassReport report = supervisor.runOnce();
          output.info("one pass: " + report.actions().size() + " action(s)"
              + (report.runtimeHealthy() ? "" : "; sessions unknown: " + report.runtimeUnknown()));
        } else if (mode.untilIdle) {
          supervisor.runUntilIdle();
        } else {
          supervisor.run();
        }
      } finally {
        if (view != null) {
          view.close();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook is closing the supervisor.
        }
        supervisor.close();
      }
      output.info("lifeline run: stopped, lease released" + (mode.untilIdle ? " (idle)" : ""));
    }
    return ExitCodes.OK;
  }
}
