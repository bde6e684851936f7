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

/** {@code lifeline reject ID --reason T}: an operator's REJECT for a job in VERIFICATION. */
@Command(name = "reject",
    description = "Reject a job in VERIFICATION: it becomes FAILED with reason VERIFICATION_FAILED and your reason "
        + "as the detail (retried automatically if attempts remain).",
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline reject 42 --reason 'report is empty'"})
final class RejectCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "ID", converter = JobIdConverter.class, description = "The job id.")
  private JobId id;

  @Option(names = "--reason", paramLabel = "T", required = true, description = "Why (required).")
  private String reason;

  @Override
  public Integer call() {
    if (reason.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reason must not be blank");
    }
    OperatorEvent.apply(root, spec, id, JobEvent.REJECT, EventContext.detail(reason));
    return ExitCodes.OK;
  }
}
