package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
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
    OperatorEvent.apply(root, spec, id, JobEvent.RETRY, EventContext.detail("retried by operator").withOverride(true));
    return ExitCodes.OK;
  }
}
