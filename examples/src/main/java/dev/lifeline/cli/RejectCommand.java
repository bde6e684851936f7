package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline reject ID --reason T}: an operator's REJECT for a job in VERIFICATION. */
final class RejectCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();
  private final OptionSpec reasonOption = Specs.text("--reason", "T", false, "Why (required).")
      .required(true).build();

  RejectCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "reject",
        "Reject a job in VERIFICATION: it becomes FAILED with reason VERIFICATION_FAILED and your reason as the "
            + "detail (retried automatically if attempts remain).",
        "  lifeline reject 42 --reason 'report is empty'")
        .addPositional(idParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    String reason = reasonOption.getValue();
    if (reason.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reason must not be blank");
    }
    OperatorEvent.apply(root, spec, lc -> lc.reject(id, reason, OperatorEvent.ACTOR));
    return ExitCodes.OK;
  }
}
