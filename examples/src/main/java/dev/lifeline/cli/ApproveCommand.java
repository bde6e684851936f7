package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline approve ID}: an operator's PASS for a job in VERIFICATION. */
final class ApproveCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();
  private final OptionSpec reasonOption = Specs.text("--reason", "T", true,
      "Recorded with the transition.").build();

  ApproveCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "approve", "Approve a job in VERIFICATION: it becomes COMPLETED.",
        "  lifeline approve 42 --reason 'checked the report'")
        .addPositional(idParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    String reason = reasonOption.getValue();
    OperatorEvent.apply(root, spec, lc -> lc.approve(id,
        reason == null || reason.isBlank() ? "approved by operator" : reason, OperatorEvent.ACTOR));
    return ExitCodes.OK;
  }
}
