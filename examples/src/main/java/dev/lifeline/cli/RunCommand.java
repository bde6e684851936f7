package dev.lifeline.cli;

import dev.lifeline.Backoff;
import dev.lifeline.Lifecycle;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline run}: the supervisor in the foreground, holding the store's lease. SIGTERM and Ctrl-C finish the
 * current pass, release the lease and leave the sessions running.
 */
final class RunCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec maxConcurrentOption = Specs.integer("--max-concurrent", "N", 1, Specs.MAX_CONCURRENT,
      "At most N jobs PROCESSING at once (default ${DEFAULT-VALUE}).").defaultValue("4").build();
  private final OptionSpec pollOption = Specs.duration("--poll", Specs.MIN_POLL, Specs.MAX_POLL,
      "The backstop between passes; tmux hooks wake the supervisor sooner (default ${DEFAULT-VALUE}).")
      .defaultValue("2s").build();
  private final OptionSpec onceOption = Specs.flag("--once", "One pass, then exit.");
  private final OptionSpec untilIdleOption = Specs.flag("--until-idle",
      "Exit 0 once nothing is queued, running, verifying or waiting to retry.");
  private final OptionSpec logOption = Specs.option("--log", "FILE", Path.class,
      "Also append one line per transition and observation to FILE.").converters(PathConverter.file()).build();
  private final OptionSpec orphansOption = Specs.option("--orphans", "POLICY", OrphanPolicy.class,
      "Sessions tagged by Lifeline whose job is finished or unknown: report or kill (after 5m). "
          + "Default ${DEFAULT-VALUE}.").defaultValue("report").build();

  private final OptionSpec hookTriesOption = Specs.integer("--hook-tries", "N", 1, 1000,
      "Try a notification at most N times (waiting 1s, doubling to at most 5m, between tries) before it is given "
          + "up: health then counts it failed (default ${DEFAULT-VALUE}).").defaultValue("8").build();

  RunCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "run", new String[] {
        "Run the supervisor in the foreground: observe the sessions, record exits, losses and timeouts, verify, "
            + "retry, and start queued jobs. One supervisor per database (a second one exits 1 naming the holder). "
            + "SIGTERM or Ctrl-C finishes the current pass, releases the lease and leaves the sessions running.",
        "On a terminal it shows a live view; elsewhere one line per transition."},
        "  lifeline run", "  lifeline run --until-idle --max-concurrent 8",
        "  lifeline run --once", "  lifeline run --log /var/log/lifeline.log")
        .addOption(maxConcurrentOption).addOption(pollOption)
        .addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("0..1")
            .addArg(onceOption).addArg(untilIdleOption).build())
        .addOption(logOption).addOption(orphansOption).addOption(drainOption)
        .addOption(hookTriesOption);
  }

  private final OptionSpec drainOption = Specs.flag("--drain",
      "Drain the store first (as lifeline drain): start nothing new, and exit 0 once the running and verifying work "
          + "has ended. Persisted: a later run honours it until lifeline undrain.");

  @Override
  public Integer call() {
    int maxConcurrent = maxConcurrentOption.getValue();
    Duration poll = pollOption.getValue();
    // picocli leaves the options of an unmatched group null, not at their initial value.
    boolean once = Boolean.TRUE.equals(onceOption.getValue());
    boolean untilIdle = Boolean.TRUE.equals(untilIdleOption.getValue());
    Path log = logOption.getValue();
    OrphanPolicy orphans = orphansOption.getValue();
    boolean drain = drainOption.getValue();
    int hookTries = hookTriesOption.getValue();
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
    boolean live = term.interactive() && !once;
    try (RunOutput output = new RunOutput(out, spec.commandLine().getErr(), term, live, log);
        Wiring.Opened opened = w.write(b -> b.listener(output))) {
      Lifecycle lifecycle = opened.lifecycle();
      if (drain) {
        lifecycle.setDraining(true, OperatorEvent.ACTOR);
      }
      Duration stale = Duration.ofSeconds(30).compareTo(poll.multipliedBy(3)) > 0 ? Duration.ofSeconds(30)
          : poll.multipliedBy(3);
      Supervisor supervisor = opened.supervisor()
          .maxConcurrent(maxConcurrent)
          .pollInterval(poll)
          .leaseStaleAfter(stale)
          .orphanPolicy(orphans)
          .hookRetries(hookTries, Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)))
          .build();
      Thread hook = new Thread(supervisor::close, "lifeline-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LiveView view = live ? new LiveView(lifecycle, output, out, term, w.clock(), "lifeline run  " + w.database()
          + "  (Ctrl-C stops; sessions keep running)") : null;
      if (!live) {
        output.info("lifeline run: " + w.database() + ", tmux socket " + w.socket() + " (" + tmuxVersion
            + "), up to " + maxConcurrent + " at once, supervisor " + supervisor.holder());
      }
      try {
        if (view != null) {
          view.start();
        }
        if (once) {
          PassReport report = supervisor.runOnce();
          output.info("one pass: " + report.actions().size() + " action(s)"
              + (report.runtimeHealthy() ? "" : "; sessions unknown: " + report.runtimeUnknown()));
        } else if (untilIdle) {
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
      boolean drained = !once && supervisor.isDrained();
      output.info("lifeline run: stopped, lease released" + (drained ? " (drained: lifeline undrain lets the next run "
          + "start jobs again)" : untilIdle ? " (idle)" : ""));
    }
    return ExitCodes.OK;
  }
}
