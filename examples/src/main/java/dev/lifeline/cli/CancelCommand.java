package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
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
            + "retried automatically. A running session is ended after the change is committed.",
        "  lifeline cancel 42 --reason 'superseded by 43'")
        .addPositional(idParameter).addOption(reasonOption);
  }

  @Override
  public Integer call() {
    JobId id = idParameter.getValue();
    String reason = reasonOption.getValue();
    OperatorEvent.Moved moved = OperatorEvent.apply(root, spec, id, JobEvent.CANCEL,
        EventContext.detail(reason == null || reason.isBlank() ? "cancelled by operator" : reason));
    Job before = moved.before();
    if (before.state() == JobState.PROCESSING && before.session() != null && before.attempt() > 0) {
      endSession(root.wiring(), new SessionHandle(before.id(), before.attempt(), before.session()));
    }
    return ExitCodes.OK;
  }

  /** Ends the cancelled attempt's session; the cancel stands even when this fails, so failure is only reported. */
  private void endSession(Wiring w, SessionHandle handle) {
    try (SessionRuntime runtime = w.runtime()) {
      runtime.stop(handle);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("The job is cancelled, but its session " + handle.name()
          + " could not be ended (" + ExitCodes.sentence(e) + "); end it with: tmux -L " + w.socket()
          + " kill-session -t '=" + handle.name() + "'");
    }
  }
}
