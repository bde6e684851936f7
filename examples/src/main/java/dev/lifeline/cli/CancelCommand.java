package dev.lifeline.cli;

import dev.lifeline.JobChange;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline cancel ID}: fails a QUEUED, PROCESSING or VERIFICATION job with reason CANCELLED. */
final class CancelCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();
  private final OptionSpec reasonOption = Specs.text("--reason", "T", true,
      "Why, recorded as the failure detail.").build();

  CancelCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "cancel",
        "Cancel a QUEUED, PROCESSING or VERIFICATION job: it becomes FAILED with reason CANCELLED and is never "
            + "retried automatically. A running session is ended by the supervisor (lifeline run) after the change "
            + "is committed.",
        "  lifeline cancel 42 --reason 'superseded by 43'")
        .addPositional(idParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    String reason = reasonOption.getValue();
    // Only the row changes here; the supervisor ends a running session after this commit (lifeline run).
    JobChange change = OperatorEvent.apply(root, spec, lc -> lc.cancel(id,
        reason == null || reason.isBlank() ? "cancelled by operator" : reason, OperatorEvent.ACTOR));
    if (change.transition().from() == JobState.PROCESSING && change.job().session() != null) {
      spec.commandLine().getErr().println("(the supervisor ends its session " + Printable.of(change.job().session())
          + " on its next pass: lifeline run)");
    }
    return ExitCodes.OK;
  }
}
