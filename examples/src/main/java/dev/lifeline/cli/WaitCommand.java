package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.WaitOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code lifeline wait ID... [--timeout DUR]}: returns when every job is done ({@link
 * dev.lifeline.Lifecycle#awaitTerminal}), woken by the store's change signal; exit 0 when all COMPLETED, 1 when any
 * FAILED, 124 on the timeout. Reads only.
 */
final class WaitCommand implements Callable<Integer> {

  /** The longest {@code --timeout}. */
  static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idsParameter = Specs.jobIds();
  private final OptionSpec timeoutOption = Specs.duration("--timeout", Duration.ZERO, MAX_TIMEOUT,
      "Give up after this long (exit 124): 90s, 5m, 2h, PT5M; 0 looks once. Default: wait as long as it takes.")
      .build();

  WaitCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "wait",
        new String[] {"Wait until every job is done: COMPLETED, or FAILED with no automatic retry to come. Prints "
            + "each job's end; exit 0 when all COMPLETED, 1 when any FAILED, 124 on --timeout. It wakes on the "
            + "database's change signal, not a tight poll, and changes nothing."},
        "  lifeline wait 42 43 && echo both done",
        "  lifeline wait \"$(lifeline submit -- make)\" --timeout 2h")
        .addPositional(idsParameter).addOption(timeoutOption);
  }

  @Override
  public Integer call() throws InterruptedException {
    List<JobId> ids = idsParameter.getValue();
    Duration timeout = timeoutOption.getValue();
    WaitOutcome outcome;
    try (Wiring.Opened opened = root.wiring().read()) {
      outcome = opened.lifecycle().awaitTerminal(ids, timeout == null ? MAX_TIMEOUT : timeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Job j : outcome.jobs()) {
      if (WaitOutcome.isDone(j)) {
        out.println("Job " + j.id() + ": " + root.terminal().state(j.state()) + (j.state() == JobState.FAILED
            ? " (" + j.failureReason() + (j.failureDetail() == null ? "" : ": " + Printable.of(j.failureDetail()))
                + ")" : ""));
      }
    }
    if (outcome.timedOut()) {
      StringBuilder pending = new StringBuilder();
      for (Job j : outcome.pending()) {
        pending.append(pending.length() == 0 ? "" : ", ").append(j.id()).append(" (").append(j.state()).append(')');
      }
      spec.commandLine().getErr().println("Timed out after " + DurationConverter.format(timeout)
          + "; still waiting on " + pending + ".");
      return ExitCodes.TIMED_OUT;
    }
    return outcome.allCompleted() ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
