package dev.lifeline.cli;

import dev.lifeline.JobChange;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one operator verb on each of several jobs ({@code hold}, {@code release}): each job is its own guarded
 * transition, so one that is refused (not QUEUED, already held, unknown) is reported in one sentence and the others
 * still change. The exit code is the first failure's, 0 when every job changed. Stateless.
 */
final class QueuedJobVerb {

  private QueuedJobVerb() {}

  static int apply(LifelineCommand root, CommandSpec spec, List<JobId> ids,
      BiFunction<Lifecycle, JobId, JobChange> verb) {
    ExitCodes codes = new ExitCodes();
    int exit = ExitCodes.OK;
    try (Wiring.Opened opened = root.wiring().write()) {
      for (JobId id : ids) {
        try {
          JobChange change = verb.apply(opened.lifecycle(), id);
          OperatorEvent.report(spec.commandLine().getOut(), root.terminal(), change);
        } catch (dev.lifeline.StoreException e) {
          throw e; // the store cannot serve: no later job would fare better
        } catch (RuntimeException e) {
          int code = codes.getExitCode(e);
          spec.commandLine().getErr().println(Printable.of(ExitCodes.sentence(e)));
          if (exit == ExitCodes.OK) {
            exit = code;
          }
        }
      }
    }
    return exit;
  }
}
