package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code lifeline health}: counts per state, stuck jobs, the supervisor lease and orphan sessions; exit 6 when a job
 * is stuck or work is pending without a live supervisor. Never writes the database.
 */
final class HealthCommand implements Callable<Integer> {

  private static final int ACTIVE_LIMIT = 100_000;

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
            + "for longer than --stuck-after, or when jobs are QUEUED, PROCESSING or VERIFICATION and no supervisor "
            + "holds a fresh lease. Never writes.",
        "  lifeline health || alert 'lifeline needs a look'", "  lifeline health --stuck-after 6h --json")
        .addOption(stuckAfterOption).addOption(leaseStaleAfterOption).addOption(jsonOption);
  }

  /** What health found; {@code problems} empty means healthy. */
  record Report(Map<JobState, Long> counts, List<Job> stuck, Optional<Lease> lease, boolean leaseStale,
      Observation observation, List<Orphan> orphans, List<String> problems) {}

  /** A live session tagged by Lifeline whose job is gone, finished, or on another attempt. */
  record Orphan(SessionHandle session, String why) {}

  @Override
  public Integer call() {
    Wiring w = root.wiring();
    Report report;
    try (JobStore store = w.openForRead()) {
      report = inspect(store, w, w.clock().instant());
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean json = jsonOption.getValue();
    if (json) {
      out.println(JobJson.write(toJson(report)));
    } else {
      print(out, root.terminal(), report, w.clock().instant());
    }
    return report.problems().isEmpty() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
  }

  private Report inspect(JobStore store, Wiring w, Instant now) {
    Duration stuckAfter = stuckAfterOption.getValue();
    Duration leaseStaleAfter = leaseStaleAfterOption.getValue();
    Map<JobState, Long> counts = store.counts();
    List<Job> active = store.list(new JobQuery(Set.of(JobState.QUEUED, JobState.PROCESSING, JobState.VERIFICATION),
        ACTIVE_LIMIT));
    List<Job> stuck = new ArrayList<>();
    for (Job j : active) {
      if (Duration.between(j.updatedAt(), now).compareTo(stuckAfter) > 0) {
        stuck.add(j);
      }
    }
    Optional<Lease> lease = store.leases().current();
    boolean stale = lease.map(l -> Duration.between(l.heartbeat(), now).compareTo(leaseStaleAfter) > 0).orElse(true);
    Observation obs = observe(w, now);
    List<Orphan> orphans = new ArrayList<>();
    if (obs.healthy()) {
      for (Map.Entry<SessionHandle, SessionStatus> e : obs.sessions().entrySet()) {
        if (e.getValue().liveness() != SessionStatus.Liveness.ALIVE) {
          continue;
        }
        SessionHandle h = e.getKey();
        Optional<Job> job = store.find(h.jobId());
        String why = job.isEmpty() ? "no such job"
            : job.get().state().isFinal() ? "job is " + job.get().state()
            : job.get().attempt() != h.attempt() ? "job is on attempt " + job.get().attempt() : null;
        if (why != null) {
          orphans.add(new Orphan(h, why));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Job j : stuck) {
      problems.add("job " + j.id() + " has been " + j.state() + " for " + HumanTime.duration(Duration.between(
          j.updatedAt(), now)) + " (more than " + HumanTime.duration(stuckAfter) + ")");
    }
    if (!active.isEmpty() && stale) {
      problems.add(active.size() + " job(s) need a supervisor, but " + (lease.isEmpty() ? "none is running"
          : "the lease of " + lease.get().holder() + " is stale (heartbeat " + HumanTime.ago(lease.get().heartbeat(),
              now) + ")") + ": start lifeline run");
    }
    return new Report(counts, stuck, lease, stale, obs, orphans, problems);
  }

  /** The runtime's view, or UNKNOWN with the reason when tmux cannot be asked (health then reports, not fails). */
  private static Observation observe(Wiring w, Instant now) {
    try (SessionRuntime runtime = w.runtime()) {
      return runtime.observeAll();
    } catch (RuntimeException e) {
      return Observation.unknown(now, ExitCodes.sentence(e));
    }
  }

  private static void print(PrintWriter out, Terminal term, Report r, Instant now) {
    boolean ok = r.problems().isEmpty();
    out.println(term.paint(ok ? "healthy" : "UNHEALTHY", ok ? Terminal.GREEN : Terminal.RED));
    for (String p : r.problems()) {
      out.println("  - " + p);
    }
    StringBuilder counts = new StringBuilder("jobs:");
    for (JobState s : JobState.values()) {
      counts.append("  ").append(term.state(s)).append(' ').append(r.counts().getOrDefault(s, 0L));
    }
    out.println(counts);
    out.println("supervisor: " + r.lease().map(l -> l.holder() + ", heartbeat " + HumanTime.ago(l.heartbeat(), now)
        + (r.leaseStale() ? " (stale)" : "") + ", since " + HumanTime.stamp(l.acquiredAt())).orElse("none"));
    out.println("sessions: " + (r.observation().healthy()
        ? r.observation().sessions().size() + " seen, " + r.orphans().size() + " orphan(s)"
        : "unknown (" + r.observation().unknownReason() + ")"));
    for (Orphan o : r.orphans()) {
      out.println("  orphan " + o.session().name() + " (job " + o.session().jobId() + " attempt "
          + o.session().attempt() + "): " + o.why());
    }
    if (!r.stuck().isEmpty()) {
      out.println("stuck:");
      ListCommand.table(r.stuck(), now, term).print(out, term);
    }
  }

  private static Map<String, Object> toJson(Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("healthy", r.problems().isEmpty());
    m.put("problems", r.problems());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (JobState s : JobState.values()) {
      counts.put(s.name(), r.counts().getOrDefault(s, 0L));
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
      lm.put("stale", r.leaseStale());
      return (Object) lm;
    }).orElse(null));
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("healthy", r.observation().healthy());
    runtime.put("reason", r.observation().unknownReason());
    runtime.put("sessions", r.observation().healthy() ? r.observation().sessions().size() : null);
    m.put("runtime", runtime);
    m.put("orphans", r.orphans().stream().map(o -> {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("session", o.session().name());
      om.put("jobId", o.session().jobId().value());
      om.put("attempt", o.session().attempt());
      om.put("why", o.why());
      return (Object) om;
    }).toList());
    return m;
  }
}
