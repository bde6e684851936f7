package dev.lifeline.cli;

import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.event.Notice;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline reconcile --dry-run}: renders {@link Supervisor#plan()}, what one supervisor pass would do now,
 * changing nothing. Holds no rule of its own: the plan is the pass's, and so is its {@link PassReport#problem()
 * problem} (the jobs it could not handle), printed before the actions in text and as {@code problem} in JSON.
 * Names and reasons from the store are printed {@link Printable}.
 */
final class ReconcileCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec dryRunOption = Specs.flag("--dry-run",
      "Required: only plan (reconcile never applies; run --once does).");
  private final OptionSpec maxConcurrentOption = Specs.integer("--max-concurrent", "N", 1, Specs.MAX_CONCURRENT,
      "The limit to plan starts with, as run's (default ${DEFAULT-VALUE}).").defaultValue("4").build();
  private final OptionSpec jsonOption = Specs.flag("--json", "The plan as one JSON object.");

  ReconcileCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "reconcile",
        "Show what one supervisor pass would do now (transitions, launches, kills, orphans), changing nothing: the "
            + "database is not written and no session is started or stopped. `run --once` applies a pass.",
        "  lifeline reconcile --dry-run", "  lifeline reconcile --dry-run --json | jq '.actions | length'")
        .addOption(dryRunOption).addOption(maxConcurrentOption).addOption(jsonOption);
  }

  @Override
  public Integer call() {
    boolean dryRun = dryRunOption.getValue();
    int maxConcurrent = maxConcurrentOption.getValue();
    boolean json = jsonOption.getValue();
    if (!dryRun) {
      throw new ParameterException(spec.commandLine(),
          "reconcile only plans: add --dry-run (and use run --once to apply a pass)");
    }
    Wiring w = root.wiring();
    PassReport plan;
    try (var store = w.openForRead(); var runtime = w.runtime();
        Supervisor supervisor = Supervisor.builder().lifecycle(w.lifecycle(store)).runtime(runtime)
            .maxConcurrent(maxConcurrent).build()) {
      plan = supervisor.plan();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JobJson.write(toJson(plan)));
      return ExitCodes.OK;
    }
    if (!plan.runtimeHealthy()) {
      out.println("sessions unknown (" + Printable.of(plan.runtimeUnknown())
          + "): nothing that depends on them would change");
    }
    if (plan.problem() != null) {
      out.println("problem: " + Printable.of(plan.problem()));
    }
    if (plan.actions().isEmpty()) {
      out.println(plan.problem() == null ? "Nothing to do: the database agrees with the sessions."
          : "Nothing to do for the jobs it can handle.");
    } else {
      out.println("One pass would:");
      for (PassReport.Action a : plan.actions()) {
        out.println("  job " + a.jobId() + " attempt " + a.attempt() + ": " + Printable.of(a.label())
            + (a.detail() == null ? "" : " (" + Printable.of(a.detail()) + ")"));
      }
    }
    for (Notice n : plan.notices()) {
      out.println("notice: " + Printable.of(n.message()));
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> toJson(PassReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", JobJson.time(r.at()));
    m.put("dryRun", r.dryRun());
    m.put("runtimeHealthy", r.runtimeHealthy());
    m.put("runtimeUnknown", r.runtimeUnknown());
    List<Object> actions = r.actions().stream().map(a -> {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("jobId", a.jobId().value());
      am.put("attempt", a.attempt());
      am.put("kind", a.kind().name());
      am.put("event", a.event() == null ? null : a.event().name());
      am.put("detail", a.detail());
      return (Object) am;
    }).toList();
    m.put("actions", actions);
    m.put("notices", r.notices().stream().map(n -> (Object) Map.of("type", n.getClass().getSimpleName(), "message",
        n.message(), "at", n.at().toString())).toList());
    m.put("problem", r.problem());
    return m;
  }
}
