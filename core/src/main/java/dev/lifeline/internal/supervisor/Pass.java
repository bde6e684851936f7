package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport;
import dev.lifeline.PassReport.Action;
import dev.lifeline.PassReport.Kind;
import dev.lifeline.Transition;
import dev.lifeline.TransitionException;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * One supervisor pass (DESIGN.md §5), live or dry. A live pass fires transitions and, after each commit, starts or
 * stops sessions; a dry pass ({@code plan}) asks the lifecycle what each transition would write, follows the planned
 * rows through the later steps, and changes nothing: no row, no session, no memory, no listener. Used once, on the
 * supervisor's thread, under its pass lock.
 */
final class Pass {

  private final SupervisorSettings settings;
  private final Lifecycle lifecycle;
  private final SessionRuntime runtime;
  private final Memory memory;
  private final Listeners listeners;
  private final VerifierCatalog catalog;
  private final Executor executor;
  private final boolean dry;
  private final Instant now;

  private final List<Action> actions = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  /** Rows as this pass wrote them (live) or would write them (dry), by job. */
  private final Map<JobId, Job> touched = new HashMap<>();
  /** Rows read by job id in this pass. */
  private final Map<JobId, Job> looked = new HashMap<>();
  /** Sessions stopped in this pass, so none is stopped twice. */
  private final Set<SessionHandle> stopped = new HashSet<>();
  private Observation observation;

  Pass(SupervisorSettings settings, Memory memory, Listeners listeners, VerifierCatalog catalog, Executor executor,
      boolean dry) {
    this.settings = settings;
    this.lifecycle = settings.lifecycle();
    this.runtime = settings.runtime();
    this.memory = memory;
    this.listeners = listeners;
    this.catalog = catalog;
    this.executor = executor;
    this.dry = dry;
    this.now = lifecycle.clock().instant();
  }

  PassReport run() {
    observation = observe();
    Instant unknownSince = null;
    if (observation.healthy()) {
      if (!dry) {
        memory.unknownSince = null;
      }
    } else {
      unknownSince = memory.unknownSince != null ? memory.unknownSince : now;
      if (!dry) {
        memory.unknownSince = unknownSince;
      }
      notice(new Notice.RuntimeUnknown(now, observation.unknownReason()));
    }
    processing();
    verification();
    if (observation.healthy()) {
      retries();
      stopFinishedAttempts();
      starts();
      orphans();
    }
    return new PassReport(now, dry, observation.healthy() ? null : observation.unknownReason(), unknownSince,
        actions, notices);
  }

  // ---- 1. observe ------------------------------------------------------------------------------------------------

  private Observation observe() {
    try {
      Observation o = runtime.observeAll();
      return o != null ? o : Observation.unknown(now, "the runtime returned no observation");
    } catch (RuntimeException e) {
      return Observation.unknown(now, "observing the runtime failed: " + VerificationRun.describe(e));
    }
  }

  // ---- 2. PROCESSING: EXITED, TIME_OUT, LOST --------------------------------------------------------------------

  private void processing() {
    Set<AttemptKey> processing = new HashSet<>();
    for (Job job : inState(JobState.PROCESSING)) {
      SessionHandle handle = handle(job);
      if (handle == null) {
        continue;
      }
      AttemptKey key = AttemptKey.of(job);
      processing.add(key);
      SessionStatus status = observation.statusOf(handle);
      switch (status.liveness()) {
        case EXITED -> {
          int code = status.exitCode();
          fire(job, JobEvent.EXITED, EventContext.exitCode(code), "exit code " + code);
          forgetDead(key);
        }
        case ALIVE -> {
          if (timedOut(job)) {
            timeOut(job, handle, true);
          } else {
            forgetDead(key);
          }
        }
        case DEAD -> {
          if (timedOut(job)) {
            timeOut(job, handle, false);
          } else {
            dead(job, handle, key);
          }
        }
        case UNKNOWN -> {
          // Unknown is not dead: no LOST, no TIME_OUT (an exit code may exist that cannot be read), no counting.
        }
      }
    }
    if (!dry) {
      memory.deadCounts.keySet().retainAll(processing);
      memory.launched.retainAll(processing);
    }
  }

  private void dead(Job job, SessionHandle handle, AttemptKey key) {
    Instant started = job.startedAt() != null ? job.startedAt() : job.updatedAt();
    if (Duration.between(started, now).compareTo(settings.startGrace()) < 0) {
      return; // not visible yet within the start grace: not counted
    }
    int count = memory.deadCounts.getOrDefault(key, 0) + 1;
    if (!dry) {
      memory.deadCounts.put(key, count);
    }
    notice(new Notice.SessionMissing(now, job.id(), job.attempt(), handle.name(), count));
    if (count >= settings.lostAfter()) {
      String detail = "session " + handle.name() + " was not seen on " + count
          + " consecutive observations and no exit code was recorded";
      if (fire(job, JobEvent.LOST, EventContext.none().withReason(FailureReason.SESSION_LOST).withDetail(detail),
          null).isPresent()) {
        forgetDead(key);
      }
    }
  }

  private void timeOut(Job job, SessionHandle handle, boolean alive) {
    if (fire(job, JobEvent.TIME_OUT, EventContext.none(), null).isPresent() && alive) {
      stop(handle, "timed out after " + job.spec().timeout());
    }
  }

  private boolean timedOut(Job job) {
    Duration timeout = job.spec().timeout();
    return timeout != null && job.startedAt() != null
        && Duration.between(job.startedAt(), now).compareTo(timeout) > 0;
  }

  private void forgetDead(AttemptKey key) {
    if (!dry) {
      memory.deadCounts.remove(key);
    }
  }

  // ---- 3. VERIFICATION: PASS, REJECT, TIME_OUT ------------------------------------------------------------------

  /**
   * Verifiers run off the pass's thread and are bounded by their own timeouts; a done verdict is acted on first.
   * The job's own timeout applies here only while it waits for an operator: a job whose exit was seen late (the
   * runtime was unknown, the supervisor was down) is still verified, never failed for the delay.
   */
  private void verification() {
    Set<AttemptKey> verifying = new HashSet<>();
    for (Job job : inState(JobState.VERIFICATION)) {
      AttemptKey key = AttemptKey.of(job);
      verifying.add(key);
      VerificationRun run = memory.verifications.get(key);
      if (run == null) {
        run = startVerification(job, key);
        if (run == null) {
          continue;
        }
      }
      if (run.isDone()) {
        if (!conclude(job, key, run) && timedOut(job)) {
          timeOutVerification(job, key);
        }
      } else if (!now.isBefore(run.deadline())) {
        verifierTimedOut(job, key, run.current(),
            "verifier " + run.current() + " did not answer within " + run.allowance());
      }
    }
    if (!dry) {
      memory.verifications.entrySet().removeIf(e -> {
        if (verifying.contains(e.getKey())) {
          return false;
        }
        e.getValue().cancel(); // the job left VERIFICATION (an operator, a timeout): its verdict is moot
        return true;
      });
    }
  }

  /** Starts the job's verifiers; {@code null} when there is nothing to wait for (no verifiers, a plan, closing). */
  private VerificationRun startVerification(Job job, AttemptKey key) {
    List<VerifierCatalog.Step> steps = catalog.steps(job);
    if (steps.isEmpty()) {
      fire(job, JobEvent.PASS, EventContext.detail("no verifiers"), null);
      return null;
    }
    String labels = steps.stream().map(VerifierCatalog.Step::label).collect(Collectors.joining(", "));
    if (dry) {
      action(job.id(), job.attempt(), Kind.VERIFY, null, labels);
      return null;
    }
    VerificationRun run;
    try {
      run = VerificationRun.start(job, steps, now, executor);
    } catch (RejectedExecutionException e) {
      return null; // the supervisor is closing; a later supervisor verifies
    }
    memory.verifications.put(key, run);
    action(job.id(), job.attempt(), Kind.VERIFY, null, labels);
    return run;
  }

  private void timeOutVerification(Job job, AttemptKey key) {
    if (fire(job, JobEvent.TIME_OUT, EventContext.none(), null).isPresent()) {
      dropVerification(key);
      SessionHandle handle = handle(job);
      if (handle != null && observation.statusOf(handle).liveness() == Liveness.ALIVE) {
        stop(handle, "timed out after " + job.spec().timeout());
      }
    }
  }

  /** Acts on a finished verification; false when the verdict is pending (the job waits for an operator). */
  private boolean conclude(Job job, AttemptKey key, VerificationRun run) {
    VerificationRun.Outcome outcome = run.outcome();
    if (outcome.timedOutVerifier() != null) {
      verifierTimedOut(job, key, outcome.timedOutVerifier(), ((dev.lifeline.spi.Verdict.Failed) outcome.verdict())
          .reason());
      return true;
    }
    if (outcome.verdict() instanceof dev.lifeline.spi.Verdict.Passed) {
      if (fire(job, JobEvent.PASS, EventContext.none(), "verified").isPresent()) {
        dropVerification(key);
      }
      return true;
    }
    if (outcome.verdict() instanceof dev.lifeline.spi.Verdict.Failed failed) {
      if (fire(job, JobEvent.REJECT, EventContext.detail(failed.reason()), null).isPresent()) {
        dropVerification(key);
      }
      return true;
    }
    String reason = ((dev.lifeline.spi.Verdict.Pending) outcome.verdict()).reason();
    if (dry ? !run.pendingReported() : run.firstPendingReport()) {
      notice(new Notice.VerificationPending(now, job.id(), job.attempt(), reason));
    }
    return false;
  }

  private void verifierTimedOut(Job job, AttemptKey key, String verifier, String detail) {
    notice(new Notice.VerifierTimedOut(now, job.id(), verifier));
    if (fire(job, JobEvent.REJECT, EventContext.detail(detail), null).isPresent()) {
      dropVerification(key);
    }
  }

  private void dropVerification(AttemptKey key) {
    if (!dry) {
      VerificationRun run = memory.verifications.remove(key);
      if (run != null) {
        run.cancel();
      }
    }
  }

  // ---- 4. FAILED: RETRY -----------------------------------------------------------------------------------------

  private void retries() {
    for (Job job : inState(JobState.FAILED)) {
      if (!retryPending(job)) {
        continue;
      }
      SessionHandle handle = handle(job);
      if (handle != null && observation.statusOf(handle).liveness() == Liveness.ALIVE) {
        continue; // the failed attempt's session still runs: it is stopped first, the retry waits for a later pass
      }
      fire(job, JobEvent.RETRY, EventContext.none(), null);
    }
  }

  /** A FAILED job with attempts left that was not cancelled: RETRY will re-queue it. */
  static boolean retryPending(Job job) {
    return job.state() == JobState.FAILED && job.failureReason() != FailureReason.CANCELLED
        && job.attempt() < job.spec().maxAttempts();
  }

  // ---- stop the sessions of attempts that are over ----------------------------------------------------------------

  /**
   * Stops, after the commit that ended it, the still-running session of an attempt that is over: the job timed out
   * or was cancelled, waits for a retry, or is queued for its next attempt. Runs before START so that no job ever
   * has two sessions at once.
   */
  private void stopFinishedAttempts() {
    for (Map.Entry<SessionHandle, SessionStatus> e : observation.sessions().entrySet()) {
      SessionHandle h = e.getKey();
      if (e.getValue().liveness() != Liveness.ALIVE || stopped.contains(h)) {
        continue;
      }
      Job job = current(h.jobId());
      if (job == null || job.attempt() != h.attempt() || !h.name().equals(job.session())) {
        continue;
      }
      if (job.state() == JobState.QUEUED) {
        stop(h, "the job is queued for its next attempt");
      } else if (job.state() == JobState.FAILED && (job.failureReason() == FailureReason.TIMED_OUT
          || job.failureReason() == FailureReason.CANCELLED || retryPending(job))) {
        stop(h, "the job is FAILED (" + job.failureReason() + ")");
      }
    }
  }

  // ---- 5. QUEUED: START, then launch ----------------------------------------------------------------------------

  private void starts() {
    if (dry) {
      planStarts();
      return;
    }
    for (int i = 0; i < settings.maxConcurrent(); i++) {
      Optional<Job> started = lifecycle.startNext(settings.maxConcurrent());
      if (started.isEmpty()) {
        return;
      }
      Job job = started.get();
      committed(JobState.QUEUED, job, JobEvent.START, EventContext.none(), job.session());
      launch(job);
    }
  }

  private void launch(Job job) {
    if (!memory.launched.add(AttemptKey.of(job))) {
      return; // never launch one attempt twice
    }
    try {
      SessionHandle h = runtime.start(job);
      action(job.id(), job.attempt(), Kind.LAUNCH, null, h.name());
    } catch (RuntimeException e) {
      String why = e.getMessage() != null ? e.getMessage() : VerificationRun.describe(e);
      notice(new Notice.LaunchFailed(now, job.id(), job.attempt(), why));
      fire(job, JobEvent.LOST,
          EventContext.none().withReason(FailureReason.LAUNCH_FAILED).withDetail("launch failed: " + why), null);
    }
  }

  private void planStarts() {
    int running = inState(JobState.PROCESSING).size();
    List<Job> candidates = inState(JobState.QUEUED).stream()
        .filter(j -> j.notBefore() == null || !j.notBefore().isAfter(now))
        .sorted(Comparator.comparingInt((Job j) -> j.spec().priority()).reversed()
            .thenComparing(Job::createdAt)
            .thenComparing(Job::id))
        .toList();
    for (Job job : candidates) {
      if (running >= settings.maxConcurrent()) {
        return;
      }
      Optional<Job> next = fire(job, JobEvent.START, EventContext.none(), null);
      if (next.isPresent()) {
        running++;
        action(job.id(), next.get().attempt(), Kind.LAUNCH, null, next.get().session());
      }
    }
  }

  // ---- 6. orphans -------------------------------------------------------------------------------------------------

  private void orphans() {
    Set<SessionHandle> alive = new HashSet<>();
    for (Map.Entry<SessionHandle, SessionStatus> e : observation.sessions().entrySet()) {
      SessionHandle h = e.getKey();
      if (e.getValue().liveness() != Liveness.ALIVE) {
        continue;
      }
      alive.add(h);
      if (stopped.contains(h)) {
        continue;
      }
      Job job = current(h.jobId());
      String why = orphanReason(h, job);
      if (why != null) {
        orphan(h, why);
      }
    }
    if (!dry) {
      memory.reportedOrphans.retainAll(alive);
      memory.orphanSince.keySet().retainAll(alive);
    }
  }

  /** Why {@code h} is an orphan, or {@code null} when it is the running session of its job's current attempt. */
  private static String orphanReason(SessionHandle h, Job job) {
    if (job == null) {
      return "its job is not in the store";
    }
    if (job.attempt() != h.attempt()) {
      return "its job is on attempt " + job.attempt();
    }
    if (!h.name().equals(job.session())) {
      return "its job's session is " + job.session();
    }
    if (job.state() == JobState.PROCESSING || job.state() == JobState.VERIFICATION) {
      return null;
    }
    return "its job is " + job.state();
  }

  private void orphan(SessionHandle h, String why) {
    Instant since = memory.orphanSince.get(h);
    if (!memory.reportedOrphans.contains(h)) {
      notice(new Notice.OrphanFound(now, h.jobId(), h.attempt(), h.name(), why));
      action(h.jobId(), h.attempt(), Kind.ORPHAN, null, why);
      if (!dry) {
        memory.reportedOrphans.add(h);
        memory.orphanSince.put(h, now);
      }
      since = now;
    } else if (since == null) {
      since = now;
    }
    if (settings.orphanPolicy() == OrphanPolicy.KILL
        && Duration.between(since, now).compareTo(settings.orphanGrace()) >= 0) {
      if (stop(h, "orphan: " + why)) {
        notice(new Notice.OrphanKilled(now, h.jobId(), h.attempt(), h.name()));
      }
    }
  }

  // ---- effects ------------------------------------------------------------------------------------------------------

  /**
   * Fires {@code event} at the snapshot {@code expected} (live) or computes what it would write (dry). A lost race or
   * a refusal is not an error: the job is left as it is and the next pass decides anew.
   */
  private Optional<Job> fire(Job expected, JobEvent event, EventContext context, String detail) {
    Job next;
    try {
      next = dry ? lifecycle.decide(expected, event, context).next() : lifecycle.fire(expected, event, context);
    } catch (TransitionException refusedOrLost) {
      return Optional.empty();
    }
    committed(expected.state(), next, event, context, detail);
    return Optional.of(next);
  }

  private void committed(JobState from, Job next, JobEvent event, EventContext context, String detail) {
    touched.put(next.id(), next);
    String d = detail != null ? detail
        : next.state() == JobState.FAILED ? next.failureDetail()
        : event == JobEvent.RETRY && next.notBefore() != null ? "not before " + next.notBefore()
        : context.detail();
    action(next.id(), next.attempt(), Kind.TRANSITION, event, d);
    if (!dry) {
      listeners.transition(new TransitionEvent(next, transitionOf(from, next, event, context)));
    }
  }

  /** The history row the lifecycle wrote for {@code next}. */
  private Transition transitionOf(JobState from, Job next, JobEvent event, EventContext context) {
    if (listeners.isEmpty()) {
      return null;
    }
    List<Transition> history = lifecycle.history(next.id());
    for (int i = history.size() - 1; i >= 0; i--) {
      Transition t = history.get(i);
      if (t.event() == event && t.to() == next.state() && t.attempt() == next.attempt()
          && t.at().equals(next.updatedAt())) {
        return t;
      }
    }
    boolean failed = next.state() == JobState.FAILED;
    return new Transition(next.id(), next.attempt(), from, next.state(), event, failed ? next.failureReason() : null,
        failed ? next.failureDetail() : context.detail(),
        context.actor() != null ? context.actor() : lifecycle.actor(), next.updatedAt());
  }

  /** Stops {@code h} (live) and records it; false when the runtime refused. */
  private boolean stop(SessionHandle h, String why) {
    if (!stopped.add(h)) {
      return false;
    }
    if (!dry) {
      try {
        runtime.stop(h);
      } catch (RuntimeException e) {
        action(h.jobId(), h.attempt(), Kind.KILL, null, why + " (stop failed: " + VerificationRun.describe(e) + ")");
        return false;
      }
    }
    action(h.jobId(), h.attempt(), Kind.KILL, null, why);
    return true;
  }

  private void action(JobId id, int attempt, Kind kind, JobEvent event, String detail) {
    actions.add(new Action(id, attempt, kind, event, detail));
  }

  private void notice(Notice notice) {
    notices.add(notice);
    if (!dry) {
      listeners.notice(notice);
    }
  }

  // ---- reading ------------------------------------------------------------------------------------------------------

  /** The jobs in {@code state}, oldest first: as stored (live), or as this plan would have changed them (dry). */
  private List<Job> inState(JobState state) {
    List<Job> stored = new ArrayList<>(lifecycle.list(new JobQuery(Set.of(state), Integer.MAX_VALUE)));
    stored.sort(Comparator.comparing(Job::id)); // oldest first, so reports read in submission order
    stored.forEach(j -> looked.put(j.id(), j));  // sessions of listed jobs need no second read
    if (!dry || touched.isEmpty()) {
      return stored;
    }
    Map<JobId, Job> out = new LinkedHashMap<>();
    for (Job j : stored) {
      Job planned = touched.getOrDefault(j.id(), j);
      if (planned.state() == state) {
        out.put(j.id(), planned);
      }
    }
    for (Job planned : touched.values()) {
      if (planned.state() == state) {
        out.putIfAbsent(planned.id(), planned);
      }
    }
    List<Job> planned = new ArrayList<>(out.values());
    planned.sort(Comparator.comparing(Job::id));
    return planned;
  }

  /** The job as this pass last wrote (or planned) it, else as stored; {@code null} when unknown. */
  private Job current(JobId id) {
    Job j = touched.get(id);
    if (j != null) {
      return j;
    }
    return looked.computeIfAbsent(id, k -> lifecycle.find(k).orElse(null));
  }

  private static SessionHandle handle(Job job) {
    if (job.attempt() < 1 || job.session() == null) {
      return null;
    }
    return new SessionHandle(job.id(), job.attempt(), job.session());
  }
}
