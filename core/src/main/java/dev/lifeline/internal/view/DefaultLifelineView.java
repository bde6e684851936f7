package dev.lifeline.internal.view;

import dev.lifeline.HealthProblem;
import dev.lifeline.HealthQuery;
import dev.lifeline.HealthReport;
import dev.lifeline.HealthReport.Orphan;
import dev.lifeline.HealthReport.Sessions;
import dev.lifeline.HealthReport.SupervisorLease;
import dev.lifeline.HeldBackJob;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.LifelineView;
import dev.lifeline.StoreException;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.PassRecord;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.UnreadableRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link LifelineView} behind its builder: reads the store (and observes the runtime) once per question and asks
 * the rules of this package. Immutable and thread-safe; writes nothing. Not API.
 */
public final class DefaultLifelineView implements LifelineView {

  private static final Set<JobState> ACTIVE = Set.of(JobState.QUEUED, JobState.PROCESSING, JobState.VERIFICATION);
  private static final Comparator<SessionHandle> SESSION_ORDER = Comparator.comparing(SessionHandle::jobId)
      .thenComparingInt(SessionHandle::attempt).thenComparing(SessionHandle::name);

  private final JobStore store;
  private final SessionRuntime runtime;
  private final Clock clock;

  /** A view of {@code store}, observing {@code runtime} when not {@code null}, measuring ages with {@code clock}. */
  public DefaultLifelineView(JobStore store, SessionRuntime runtime, Clock clock) {
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
  }

  @Override
  public HealthReport health(HealthQuery query) {
    Instant now = clock.instant();
    Map<JobState, Long> counts = store.counts();
    List<UnreadableRow> unreadable = new ArrayList<>();
    List<Job> active = active(unreadable);
    int activeUnreadable = unreadable.size();
    List<HealthProblem> problems = new ArrayList<>();
    for (UnreadableRow row : unreadable) {
      problems.add(new HealthProblem.UnreadableJob(row.id(), row.reason()));
    }
    List<Job> stuck = new ArrayList<>();
    for (Job j : active) {
      StuckRule.judge(j, now, query.stuckAfter()).ifPresent(p -> {
        stuck.add(j);
        problems.add(p);
      });
    }
    Optional<SupervisorLease> lease = lease(now, query.leaseStaleAfter());
    long activeJobs = ACTIVE.stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum();
    LeaseRule.judge(activeJobs, lease).ifPresent(problems::add);
    Optional<PassRecord> lastPass = store.leases().lastPass();
    PassesFailingRule.judge(lastPass, query.failingPassesAfter()).ifPresent(problems::add);
    Sessions sessions = sessions(now, unreadable);
    for (UnreadableRow row : unreadable.subList(activeUnreadable, unreadable.size())) {
      problems.add(new HealthProblem.UnreadableJob(row.id(), row.reason()));
    }
    List<HeldBackJob> heldBack = HeldBackRule.judge(active, counts.getOrDefault(JobState.PROCESSING, 0L),
        query.maxConcurrent(), now, store::find);
    dev.lifeline.spi.OutboxStore.Counts notifications = store.outbox().counts();
    if (notifications.failed() > 0) {
      problems.add(new HealthProblem.NotificationsFailed(notifications.failed()));
    }
    return new HealthReport(now, counts, stuck, lease, lastPass, sessions, heldBack, problems, notifications);
  }

  @Override
  public boolean awaitChange(Duration timeout) throws InterruptedException {
    if (store.signalsChanges()) {
      return store.awaitChange(timeout);
    }
    Thread.sleep(Math.max(1, Math.min(timeout.toMillis(), 1000)));
    return true;
  }

  @Override
  public Map<JobState, Long> counts() {
    return store.counts();
  }

  @Override
  public List<Job> stuck(Duration after) {
    Instant now = clock.instant();
    return active(new ArrayList<>()).stream().filter(j -> StuckRule.judge(j, now, after).isPresent()).toList();
  }

  @Override
  public Optional<SupervisorLease> lease(Duration staleAfter) {
    return lease(clock.instant(), staleAfter);
  }

  @Override
  public Sessions sessions() {
    return sessions(clock.instant(), new ArrayList<>());
  }

  @Override
  public List<HeldBackJob> heldBack(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
    Instant now = clock.instant();
    List<Job> queued = store.listReadable(new JobQuery(Set.of(JobState.QUEUED), Integer.MAX_VALUE), row -> { });
    long running = store.count(JobState.PROCESSING);
    return HeldBackRule.judge(queued, running, maxConcurrent, now, store::find);
  }

  /** The readable active jobs, oldest first; the rows that do not decode go to {@code unreadable}. */
  private List<Job> active(List<UnreadableRow> unreadable) {
    List<Job> jobs = new ArrayList<>(store.listReadable(new JobQuery(ACTIVE, Integer.MAX_VALUE), unreadable::add));
    jobs.sort(Comparator.comparing(Job::id));
    unreadable.sort(Comparator.comparing(UnreadableRow::id));
    return jobs;
  }

  private Optional<SupervisorLease> lease(Instant now, Duration staleAfter) {
    return store.leases().current().map(l -> LeaseRule.describe(l, now, staleAfter));
  }

  /**
   * The sessions and their orphans; a live session whose job's row cannot be decoded is not judged (nothing can be
   * said of it) and its row goes to {@code unreadable}, once.
   */
  private Sessions sessions(Instant now, List<UnreadableRow> unreadable) {
    Observation obs = observe(now);
    if (obs == null) {
      return new Sessions(false, "no session runtime was given to the view", 0, List.of());
    }
    if (!obs.healthy()) {
      return new Sessions(false, obs.unknownReason(), 0, List.of());
    }
    List<SessionHandle> alive = new ArrayList<>();
    for (Map.Entry<SessionHandle, SessionStatus> e : obs.sessions().entrySet()) {
      if (e.getValue().liveness() == SessionStatus.Liveness.ALIVE) {
        alive.add(e.getKey());
      }
    }
    alive.sort(SESSION_ORDER);
    Map<JobId, Optional<Job>> jobs = new HashMap<>();
    List<Orphan> orphans = new ArrayList<>();
    for (SessionHandle h : alive) {
      if (unreadable.stream().anyMatch(row -> row.id().equals(h.jobId()))) {
        continue;
      }
      Optional<Job> job;
      try {
        job = jobs.computeIfAbsent(h.jobId(), store::find);
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.CORRUPT) {
          throw e;
        }
        String prefix = "job " + h.jobId() + " cannot be read: ";
        String m = e.getMessage() == null ? "its row does not decode" : e.getMessage();
        unreadable.add(new UnreadableRow(h.jobId(), m.startsWith(prefix) ? m.substring(prefix.length()) : m));
        continue;
      }
      OrphanRule.why(h, job.orElse(null))
          .ifPresent(why -> orphans.add(new Orphan(h.jobId(), h.attempt(), h.name(), why)));
    }
    return new Sessions(true, null, obs.sessions().size(), orphans);
  }

  /** The runtime's look, UNKNOWN with the reason when it fails; {@code null} without a runtime. */
  private Observation observe(Instant now) {
    if (runtime == null) {
      return null;
    }
    try {
      Observation o = runtime.observeAll();
      return o != null ? o : Observation.unknown(now, "the runtime returned no observation");
    } catch (RuntimeException e) {
      String m = e.getMessage();
      return Observation.unknown(now, "observing the runtime failed: "
          + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m));
    }
  }
}
