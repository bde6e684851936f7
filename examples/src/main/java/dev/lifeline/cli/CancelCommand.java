package dev.lifeline.cli;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline cancel ID}: fails a QUEUED, PROCESSING or VERIFICATION job with reason CANCELLED. */
@Command(name = "cancel",
    description = {"Cancel a QUEUED, PROCESSING or VERIFICATION job: it becomes FAILED with reason CANCELLED and is "
        + "never retried automatically. A running session is ended after the change is committed."},
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline cancel 42 --reason 'superseded by 43'"})
final class CancelCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "ID", converter = JobIdConverter.class, description = "The job id.")
  private JobId id;

  @Option(names = "--reason", paramLabel = "T", description = "Why, recorded as the failure detail.")
  private String reason;

  @Override
  public Integer call() {
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
