package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lifeline list}: the jobs, newest first, as a table or a JSON array. Never writes the database. */
@Command(name = "list", sortOptions = false,
    description = "List jobs, newest first, as an aligned table (or a JSON array with --json). Never writes.",
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline list", "  lifeline list --state FAILED --state QUEUED --limit 20",
        "  lifeline list --json | jq '.[] | select(.failureReason == \"EXIT_CODE\") | .id'"})
final class ListCommand implements Callable<Integer> {

  @ParentCommand
  private LifelineCommand root;

  @Spec
  private CommandSpec spec;

  @Option(names = "--state", paramLabel = "S",
      description = "Only jobs in this state (repeatable): ${COMPLETION-CANDIDATES}.")
  private List<JobState> states = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N jobs (default ${DEFAULT-VALUE}).")
  private int limit;

  @Option(names = "--json", description = "A JSON array of jobs (the fields of DESIGN.md §6).")
  private boolean json;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    Set<JobState> filter = states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
    PrintWriter out = spec.commandLine().getOut();
    Wiring w = root.wiring();
    try (JobStore store = w.openForRead()) {
      List<Job> jobs = store.list(new JobQuery(filter, limit));
      if (json) {
        List<Object> array = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
          array.add(JobJson.job(j));
        }
        out.println(JobJson.write(array));
        return ExitCodes.OK;
      }
      if (jobs.isEmpty()) {
        out.println(filter.isEmpty() ? "No jobs yet: lifeline submit -- COMMAND adds one." : "No jobs in " + filter
            + ".");
        return ExitCodes.OK;
      }
      table(jobs, w.clock().instant(), root.terminal()).print(out, root.terminal());
      if (jobs.size() == limit) {
        spec.commandLine().getErr().println("(the newest " + limit + " jobs; --limit N shows more)");
      }
    }
    return ExitCodes.OK;
  }

  static TextTable table(List<Job> jobs, Instant now, Terminal term) {
    TextTable t = new TextTable("ID", "STATE", "TRY", "NAME", "AGE", "RESULT");
    for (Job j : jobs) {
      t.row(new String[] {j.id().toString(), j.state().name(), j.attempt() + "/" + j.spec().maxAttempts(), j.name(),
          HumanTime.duration(java.time.Duration.between(j.createdAt(), now)), result(j, now)},
          new String[] {null, Terminal.colorOf(j.state()), null, null, Terminal.DIM, null});
    }
    return t;
  }

  /** One short phrase: why it failed, its exit code, or what it waits for. */
  static String result(Job j, Instant now) {
    return switch (j.state()) {
      case FAILED -> j.failureReason() + (j.failureDetail() != null ? ": " + j.failureDetail() : "");
      case COMPLETED -> j.exitCode() != null ? "exit " + j.exitCode() : "";
      case PROCESSING -> "running " + HumanTime.duration(since(j.startedAt(), now)) + " in " + j.session();
      case VERIFICATION -> "verifying";
      case QUEUED -> j.notBefore() != null && j.notBefore().isAfter(now)
          ? "retry " + HumanTime.ago(j.notBefore(), now) : "";
    };
  }

  private static java.time.Duration since(Instant then, Instant now) {
    return then == null ? java.time.Duration.ZERO : java.time.Duration.between(then, now);
  }
}
