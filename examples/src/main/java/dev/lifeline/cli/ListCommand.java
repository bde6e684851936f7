package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** {@code lifeline list}: the jobs, newest first, as a table or a JSON array. Never writes the database. */
final class ListCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec stateOption = Specs.repeatable("--state", "S", JobState.class,
      "Only jobs in this state (repeatable): ${COMPLETION-CANDIDATES}.");
  private final OptionSpec groupOption = Specs.text("--group", "G", false, "Only the jobs of group G.").build();
  private final OptionSpec limitOption = Specs.integer("--limit", "N", 1, Specs.MAX_LIMIT,
      "At most N jobs (default ${DEFAULT-VALUE}).").defaultValue("100").build();
  private final OptionSpec jsonOption = Specs.flag("--json", "A JSON array of jobs (fields: see README, JSON).");

  ListCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "list",
        "List jobs, newest first, as an aligned table (or a JSON array with --json). Never writes.",
        "  lifeline list", "  lifeline list --state FAILED --state QUEUED --limit 20",
        "  lifeline list --json | jq '.[] | select(.failureReason == \"EXIT_CODE\") | .id'")
        .addOption(stateOption).addOption(groupOption).addOption(limitOption).addOption(jsonOption);
  }

  @Override
  public Integer call() {
    List<JobState> states = stateOption.getValue();
    String group = groupOption.getValue();
    if (group != null) {
      try {
        dev.lifeline.JobSpec.checkGroupName(group);
      } catch (dev.lifeline.InvalidJobSpecException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    int limit = limitOption.getValue();
    boolean json = jsonOption.getValue();
    if (limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
    }
    Set<JobState> filter = states.isEmpty() ? Set.of() : EnumSet.copyOf(states);
    PrintWriter out = spec.commandLine().getOut();
    Wiring w = root.wiring();
    try (Wiring.Opened opened = w.read()) {
      List<Job> jobs = opened.lifecycle().list(filter, group, limit);
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
      table(jobs, w.clock().instant(), root.terminal(), opened.lifecycle()::waitingOn).print(out, root.terminal());
      if (jobs.size() == limit) {
        spec.commandLine().getErr().println("(the newest " + limit + " jobs; --limit N shows more)");
      }
    }
    return ExitCodes.OK;
  }

  static TextTable table(List<Job> jobs, Instant now, Terminal term) {
    return table(jobs, now, term, j -> List.of());
  }

  /** The table; {@code waitingOn} says which of a QUEUED job's dependencies are not COMPLETED yet. */
  static TextTable table(List<Job> jobs, Instant now, Terminal term,
      java.util.function.Function<Job, List<dev.lifeline.JobId>> waitingOn) {
    TextTable t = new TextTable("ID", "STATE", "TRY", "NAME", "AGE", "RESULT");
    for (Job j : jobs) {
      List<dev.lifeline.JobId> waiting = j.state() == JobState.QUEUED && !j.spec().after().isEmpty()
          ? waitingOn.apply(j) : List.of();
      t.row(new String[] {j.id().toString(), j.state().name(), j.attempt() + "/" + j.spec().maxAttempts(), j.name(),
          HumanTime.duration(java.time.Duration.between(j.createdAt(), now)), result(j, now, waiting)},
          new String[] {null, Terminal.colorOf(j.state()), null, null, Terminal.DIM, null});
    }
    return t;
  }

  /** One short phrase: why it failed, its exit code, or what it waits for. */
  static String result(Job j, Instant now) {
    return result(j, now, List.of());
  }

  /** {@link #result(Job, Instant)}, saying {@code waiting on 12, 14} for a QUEUED job with {@code waiting}. */
  static String result(Job j, Instant now, List<dev.lifeline.JobId> waiting) {
    if (j.state() == JobState.QUEUED && j.held()) {
      return "held";
    }
    if (!waiting.isEmpty()) {
      return "waiting on " + String.join(", ", waiting.stream().map(Object::toString).toList());
    }
    return switch (j.state()) {
      case FAILED -> j.failureReason() + (j.failureDetail() != null ? ": " + j.failureDetail() : "");
      case COMPLETED -> j.exitCode() != null ? "exit " + j.exitCode() : "";
      case PROCESSING -> "running " + HumanTime.duration(since(j.startedAt(), now)) + " in " + j.session();
      case VERIFICATION -> "verifying";
      case QUEUED -> j.notBefore() != null && j.notBefore().isAfter(now)
          ? (j.attempt() > 0 ? "retry " : "starts ") + HumanTime.ago(j.notBefore(), now) : "";
    };
  }

  private static java.time.Duration since(Instant then, Instant now) {
    return then == null ? java.time.Duration.ZERO : java.time.Duration.between(then, now);
  }
}
