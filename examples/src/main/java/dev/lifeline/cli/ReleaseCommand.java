package dev.lifeline.cli;

import dev.lifeline.JobId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code lifeline release ID...}: lets held QUEUED jobs start again. */
final class ReleaseCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec idsParameter = Specs.jobIds();
  private final OptionSpec reasonOption = Specs.text("--reason", "T", true, "Why, recorded with the change.").build();

  ReleaseCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "release",
        "Release held QUEUED jobs: they may start again. Each change is recorded (RELEASE); a job that is "
            + "not QUEUED, or not held, is refused (exit 3) and the others still change.",
        "  lifeline release 42 43")
        .addPositional(idsParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    List<JobId> ids = idsParameter.getValue();
    String reason = reasonOption.getValue();
    return QueuedJobVerb.apply(root, spec, ids, (lc, id) -> lc.release(id, reason, OperatorEvent.ACTOR));
  }
}
