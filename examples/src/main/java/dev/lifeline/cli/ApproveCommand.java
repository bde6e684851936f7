package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline approve ID}: an operator's PASS for a job in VERIFICATION. */
@Command(name = "approve",
    description = "Approve a job in VERIFICATION: it becomes COMPLETED.",
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline approve 42 --reason 'checked the report'"})
final class ApproveCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "ID", converter = JobIdConverter.class, description = "The job id.")
  private JobId id;

  @Option(names = "--reason", paramLabel = "T", description = "Recorded with the transition.")
  private String reason;

  @Override
  public Integer call() {
    OperatorEvent.apply(root, spec, id, JobEvent.PASS,
        EventContext.detail(reason == null || reason.isBlank() ? "approved by operator" : reason));
    return ExitCodes.OK;
  }
}
