package dev.lifeline.cli;

import dev.lifeline.HealthProblem;
import dev.lifeline.HealthQuery;
import dev.lifeline.HealthReport;
import dev.lifeline.HeldBackJob;
import dev.lifeline.JobState;
import dev.lifeline.LifelineView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code lifeline health}: renders {@link LifelineView#health}'s report (counts per state, stuck jobs, the supervisor
 * lease and its latest pass, orphan sessions, held-back jobs) as text or JSON; exits 6 exactly when the report is not
 * {@link HealthReport#healthy() healthy}. Holds no rule of its own. Never writes the database. Every name and reason
 * from the store or the runtime is printed {@link Printable}, one line per record.
 */
final class HealthCommand implements Callable<Integer> {

  /** At most this many held-back jobs are listed in the text output. */
  private static final int HELD_BACK_LINES = 10;

  private final LifelineCommand root;
  final CommandSpec spec;
  private final OptionSpec stuckAfterOption = Specs.duration("--stuck-after", Specs.MIN_STUCK_AFTER, Specs.MAX_STUCK_AFTER,
      "An active job unchanged for longer than this is stuck (default ${DEFAULT-VALUE}).").defaultValue("1h").build();
  private final OptionSpec leaseStaleAfterOption = Specs.duration("--lease-stale-after", Specs.MIN_LEASE_STALE, Specs.MAX_LEASE_STALE,
      "A supervisor heartbeat older than this is stale (default ${DEFAULT-VALUE}, as the supervisor's).")
      .defaultValue("30s").build();
  private final OptionSpec jsonOption = Specs.flag("--json", "The report as one JSON object.");

  HealthCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "health",
        "Counts per state, stuck jobs, the supervisor lease and orphan sessions. Exits 6 when a job has not changed "
            + "for longer than --stuck-after, when jobs are QUEUED, PROCESSING or VERIFICATION and no supervisor "
            + "holds a fresh lease, when the supervisor's last 3 passes failed, or when an active job's row cannot be "
            + "read. Never writes.",
        "  lifeline health || alert 'lifeline needs a look'", "  lifeline health --stuck-after 6h --json")
        .addOption(stuckAfterOption).addOption(leaseStaleAfterOption).addOption(jsonOption);
  }

  @Override
  public Integer call() {
    HealthQuery query = HealthQuery.defaults().withStuckAfter(stuckAfterOption.getValue())
        .withLeaseStaleAfter(leaseStaleAfterOption.getValue());
    Wiring w = root.wiring();
    HealthReport report;
    try (var store = w.openForRead(); var runtime = w.runtime()) {
      report = LifelineView.builder().store(store).runtime(runtime).clock(w.clock()).build().health(query);
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean json = jsonOption.getValue();
    if (json) {
      out.println(JobJson.write(toJson(report)));
    } else {
      print(out, root.terminal(), report);
    }
    return report.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
  }

  private static void print(PrintWriter out, Terminal term, HealthReport r) {
    Instant now = r.at();
    out.println(term.paint(r.healthy() ? "healthy" : "UNHEALTHY", r.healthy() ? Terminal.GREEN : Terminal.RED));
    for (HealthProblem p : r.problems()) {
      out.println("  - " + Printable.of(p.message())
          + (p instanceof HealthProblem.NoSupervisor ? ": start lifeline run" : ""));
    }
    StringBuilder counts = new StringBuilder("jobs:");
    for (JobState s : JobState.values()) {
      counts.append("  ").append(term.state(s)).append(' ').append(r.counts().get(s));
    }
    out.println(counts);
    out.println("supervisor: " + r.lease().map(l -> Printable.of(l.holder()) + ", heartbeat "
        + HumanTime.ago(l.heartbeat(), now) + (l.stale() ? " (stale)" : "") + ", since "
        + HumanTime.stamp(l.acquiredAt())).orElse("none"));
    r.lastPass().ifPresent(p -> out.println("last pass: " + (p.ok() ? "completed" : "failed ("
        + p.consecutiveFailures() + " in a row): " + Printable.of(p.problem())) + ", "
        + HumanTime.ago(p.at(), now)));
    if (r.notifications().pending() + r.notifications().failed() > 0) {
      out.println("notifications: " + r.notifications().pending() + " undelivered, " + r.notifications().failed()
          + " given up");
    }
    HealthReport.Sessions sessions = r.sessions();
    out.println("sessions: " + (sessions.observed()
        ? sessions.seen() + " seen, " + sessions.orphans().size() + " orphan(s)"
        : "unknown (" + Printable.of(sessions.unknownReason()) + ")"));
    for (HealthReport.Orphan o : sessions.orphans()) {
      out.println("  orphan " + Printable.of(o.session()) + " (job " + o.jobId() + " attempt " + o.attempt() + "): "
          + Printable.of(o.why()));
    }
    if (!r.heldBack().isEmpty()) {
      out.println("held back:");
      for (HeldBackJob h : r.heldBack().subList(0, Math.min(HELD_BACK_LINES, r.heldBack().size()))) {
        out.println("  " + Printable.of(h.message()));
      }
      if (r.heldBack().size() > HELD_BACK_LINES) {
        out.println("  ... and " + (r.heldBack().size() - HELD_BACK_LINES) + " more (--json lists them all)");
      }
    }
    if (!r.stuck().isEmpty()) {
      out.println("stuck:");
      ListCommand.table(r.stuck(), now, term).print(out, term);
    }
  }

  /** The report as JSON (README, "JSON"): camelCase names, times ISO-8601 UTC, absent values {@code null}. */
  static Map<String, Object> toJson(HealthReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("healthy", r.healthy());
    m.put("problems", r.problems().stream().map(HealthProblem::message).toList());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (JobState s : JobState.values()) {
      counts.put(s.name(), r.counts().get(s));
    }
    m.put("counts", counts);
    m.put("stuck", r.stuck().stream().map(JobJson::job).toList());
    m.put("lease", r.lease().map(l -> {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("holder", l.holder());
      lm.put("host", l.host());
      lm.put("pid", l.pid());
      lm.put("acquiredAt", JobJson.time(l.acquiredAt()));
      lm.put("heartbeat", JobJson.time(l.heartbeat()));
      lm.put("stale", l.stale());
      return (Object) lm;
    }).orElse(null));
    m.put("lastPass", r.lastPass().map(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("holder", p.holder());
      pm.put("at", JobJson.time(p.at()));
      pm.put("consecutiveFailures", p.consecutiveFailures());
      pm.put("problem", p.problem());
      return (Object) pm;
    }).orElse(null));
    HealthReport.Sessions sessions = r.sessions();
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("healthy", sessions.observed());
    runtime.put("reason", sessions.unknownReason());
    runtime.put("sessions", sessions.observed() ? sessions.seen() : null);
    m.put("runtime", runtime);
    m.put("orphans", sessions.orphans().stream().map(o -> {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("session", o.session());
      om.put("jobId", o.jobId().value());
      om.put("attempt", o.attempt());
      om.put("why", o.why());
      return (Object) om;
    }).toList());
    m.put("heldBack", r.heldBack().stream().map(h -> {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("jobId", h.job().id().value());
      hm.put("reason", h.reason().name());
      hm.put("until", JobJson.time(h.until()));
      return (Object) hm;
    }).toList());
    Map<String, Object> nm = new LinkedHashMap<>();
    nm.put("undelivered", r.notifications().pending());
    nm.put("failed", r.notifications().failed());
    m.put("notifications", nm);
    return m;
  }
}
