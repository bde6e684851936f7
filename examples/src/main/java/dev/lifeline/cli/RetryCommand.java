package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline retry ID}: an operator's RETRY, allowed beyond the job's attempt count. */
final class RetryCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idParameter = Specs.jobId();

  RetryCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "retry",
        "Queue a FAILED job again at once, even when all its attempts are used (an operator override). A "
            + "CANCELLED job is not retried (exit 3): submit it again instead.",
        "  lifeline retry 42 && lifeline run --until-idle")
        .addPositional(idParameter);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    OperatorEvent.apply(root, spec, lc -> lc.retry(id, "retried by operator", OperatorEvent.ACTOR));
    return ExitCodes.OK;
  }
}
