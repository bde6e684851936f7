package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline retry ID}: an operator's RETRY, allowed beyond the job's attempt count. */
@Command(name = "retry",
    description = {"Queue a FAILED job again at once, even when all its attempts are used (an operator override). "
        + "A CANCELLED job is not retried (exit 3): submit it again instead."},
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline retry 42 && lifeline run --until-idle"})
final class RetryCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "ID", converter = JobIdConverter.class, description = "The job id.")
  private JobId id;

  @Override
  public Integer call() {
    Wiring w = root.wiring();
    try (JobStore store = w.openForWrite()) {
      Lifecycle lifecycle = w.lifecycle(store);
      Job[] moved = OperatorEvent.fire(lifecycle, id, JobEvent.RETRY,
          EventContext.detail("retried by operator").withOverride(true));
      OperatorEvent.report(spec.commandLine().getOut(), root.terminal(), lifecycle, moved[0], moved[1]);
    }
    return ExitCodes.OK;
  }
}
