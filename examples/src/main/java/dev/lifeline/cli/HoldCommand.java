package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline hold ID...}: keeps QUEUED jobs from starting until they are released. */
final class HoldCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idsParameter = Specs.jobIds();
  private final OptionSpec reasonOption = Specs.text("--reason", "T", true, "Why, recorded with the change.").build();

  HoldCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "hold",
        "Hold QUEUED jobs: they stay QUEUED and do not start until `lifeline release`. Each change is recorded "
            + "(HOLD); a job that is not QUEUED, or already held, is refused (exit 3) and the others still change.",
        "  lifeline hold 42 43 --reason 'waiting for the new data'")
        .addPositional(idsParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    List<JobId> ids = idsParameter.getValue();
    String reason = reasonOption.getValue();
    return QueuedJobVerb.apply(root, spec, ids, (lc, id) -> lc.hold(id, reason, OperatorEvent.ACTOR));
  }
}
