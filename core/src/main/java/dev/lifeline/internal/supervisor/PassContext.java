package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobChange;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport.Action;
import dev.lifeline.PassReport.Kind;
import dev.lifeline.StoreException;
import dev.lifeline.TransitionException;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.TransitionRequest;
import dev.lifeline.TransitionResult;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What the steps of one pass share: where they read and write (the real store and runtime for {@link
 * DefaultSupervisor#tick()}, a {@link PlanningStore} and {@link PlanningRuntime} for a plan), the observation, what
 * the pass did so far, and the per-job boundary that keeps one bad job from stopping the others. Used once, on the
 * supervisor's thread, under its pass lock.
 */
final class PassContext {

  final SupervisorSettings settings;
  final Lifecycle lifecycle;
  final JobStore store;
  final SessionRuntime runtime;
  final Memory memory;
  final VerifierCatalog catalog;
  final Executor executor;
  final Instant now;
  Observation observation;
  /** The step running now, for the notices of what fails in it. */
  private String currentStep = "observe";

  private final Listeners listeners;
  private final List<Action> actions = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  /** Rows read by job id in this pass, and rows as this pass wrote them. */
  private final Map<JobId, Job> looked = new HashMap<>();
  /** Rows this pass could not decode: their sessions are neither judged nor stopped. */
  private final Set<JobId> unreadable = new HashSet<>();
  /** Sessions stopped in this pass, so none is stopped twice. */
  private final Set<SessionHandle> stopped = new HashSet<>();
  /** The keys of the once-only notices that still hold in this pass. */
  private final Set<String> problemKeys = new HashSet<>();

  PassContext(SupervisorSettings settings, Lifecycle lifecycle, JobStore store, SessionRuntime runtime,
      Memory memory, Listeners listeners, VerifierCatalog catalog, Executor executor) {
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.store = store;
    this.runtime = runtime;
    this.memory = memory;
    this.listeners = listeners;
    this.catalog = catalog;
    this.executor = executor;
    this.now = lifecycle.clock().instant();
  }

  // ---- the per-job boundary ---------------------------------------------------------------------------------------

  /**
   * Handles each job in {@code jobs} with {@code handle}; an exception while handling one is caught there, reported
   * as {@link Notice.JobFailedToHandle} and given to {@code onFailure} (which may decide a FAILED), and the pass goes
   * on with the next. A store that cannot be reached at all ({@link StoreException} other than CORRUPT) still stops
   * the pass: there is nothing to go on with.
   */
  void eachJob(String step, List<Job> jobs, Consumer<Job> handle, FailureDecision onFailure) {
    for (Job job : jobs) {
      guarded(step, job.id(), () -> handle.accept(job), e -> onFailure.decide(job, sentence(e)));
    }
  }

  /** {@link #eachJob} with no decision on failure: the job stays where it is and the next pass tries again. */
  void eachJob(String step, List<Job> jobs, Consumer<Job> handle) {
    eachJob(step, jobs, handle, FailureDecision.NONE);
  }

  /** Runs {@code work} for job {@code id} inside the per-job boundary. */
  void guarded(String step, JobId id, Runnable work, Consumer<RuntimeException> onFailure) {
    try {
      work.run();
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CORRUPT) {
        throw e;
      }
      failedToHandle(step, id, sentence(e));
    } catch (RuntimeException e) {
      failedToHandle(step, id, sentence(e));
      try {
        onFailure.accept(e);
      } catch (RuntimeException again) {
        failedToHandle(step, id, "deciding after the failure failed too: " + sentence(again));
      }
    }
  }

  /**
   * Runs one step of the pass; an error that concerns no single job (a listing that failed) is reported as
   * {@link Notice.StepFailed} and the pass goes on with the next step. A store that cannot be reached at all still
   * stops the pass.
   */
  void step(String name, Consumer<PassContext> step) {
    currentStep = name;
    try {
      step.accept(this);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CORRUPT) {
        throw e;
      }
      stepFailed(name, e);
    } catch (RuntimeException e) {
      stepFailed(name, e);
    }
  }

  private void stepFailed(String name, RuntimeException e) {
    problems.add("the " + name + " step: " + sentence(e));
    noticeOnce("step:" + name + ":" + sentence(e), new Notice.StepFailed(now, name, sentence(e)));
  }

  /** What a step decides for a job whose handling threw. */
  @FunctionalInterface
  interface FailureDecision {
    FailureDecision NONE = (job, why) -> { };

    void decide(Job job, String why);
  }

  void failedToHandle(String step, JobId id, String why) {
    problems.add("job " + id + " (" + step + "): " + why);
    noticeOnce("failed:" + id + ":" + step + ":" + why, new Notice.JobFailedToHandle(now, id, step, why));
  }

  static String sentence(Throwable e) {
    if (e instanceof StoreException && e.getMessage() != null) {
      return e.getMessage();
    }
    return VerificationRun.describe(e);
  }

  // ---- reading ----------------------------------------------------------------------------------------------------

  /** The readable jobs in {@code state}, oldest first; a row that does not decode is skipped with a notice. */
  List<Job> inState(JobState state) {
    List<Job> jobs = new ArrayList<>(store.listReadable(new JobQuery(Set.of(state), Integer.MAX_VALUE),
        this::unreadableRow));
    jobs.sort(Comparator.comparing(Job::id)); // oldest first, so reports read in submission order
    return remembered(jobs);
  }

  /** At most {@code limit} FAILED jobs a RETRY may re-queue, oldest first: a range read, whatever the history. */
  List<Job> retryable(int limit) {
    return remembered(store.listRetryable(limit, this::unreadableRow));
  }

  /** At most {@code limit} QUEUED jobs that wait for a job FAILED for good, oldest first. */
  List<Job> abandonable(int limit) {
    return remembered(store.listAbandonable(limit, this::unreadableRow));
  }

  /** At most {@code limit} QUEUED jobs that may be claimed now, in claim order. */
  List<Job> claimable(int limit) {
    return remembered(store.listClaimable(now, limit, this::unreadableRow));
  }

  private List<Job> remembered(List<Job> jobs) {
    jobs.forEach(j -> looked.put(j.id(), j)); // sessions of listed jobs need no second read
    return jobs;
  }

  private void unreadableRow(dev.lifeline.spi.UnreadableRow row) {
    if (unreadable.add(row.id())) { // two reads of one pass may meet the same row
      problems.add("job " + row.id() + " cannot be read: " + row.reason());
    }
    noticeOnce("unreadable:" + row.id() + ":" + row.reason(), new Notice.RowUnreadable(now, row.id(), row.reason()));
  }

  /**
   * The job as this pass last read or wrote it, else as stored: empty when it is not in the store, {@code null}
   * when its row cannot be read (nothing may be concluded about its sessions).
   */
  Optional<Job> current(JobId id) {
    if (unreadable.contains(id)) {
      return null;
    }
    Job j = looked.get(id);
    if (j != null) {
      return Optional.of(j);
    }
    Optional<Job> found;
    try {
      found = lifecycle.find(id);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CORRUPT) {
        throw e;
      }
      unreadable.add(id);
      problems.add("job " + id + " cannot be read: " + sentence(e));
      noticeOnce("unreadable:" + id + ":" + sentence(e), new Notice.RowUnreadable(now, id, sentence(e)));
      return null;
    }
    found.ifPresent(job -> looked.put(id, job));
    return found;
  }

  /** The observed sessions ordered by job, attempt and name, so reports read the same whatever the runtime's order. */
  List<Map.Entry<SessionHandle, dev.lifeline.spi.SessionStatus>> sessionsInOrder() {
    List<Map.Entry<SessionHandle, dev.lifeline.spi.SessionStatus>> out =
        new ArrayList<>(observation.sessions().entrySet());
    out.sort(Map.Entry.comparingByKey(Comparator.comparing(SessionHandle::jobId)
        .thenComparingInt(SessionHandle::attempt).thenComparing(SessionHandle::name)));
    return out;
  }

  static SessionHandle handle(Job job) {
    if (job.attempt() < 1 || job.session() == null) {
      return null;
    }
    return new SessionHandle(job.id(), job.attempt(), job.session());
  }

  // ---- effects ------------------------------------------------------------------------------------------------------

  /**
   * Fires {@code event} at the snapshot {@code expected}. A lost race or a refusal is not an error: the job is left
   * as it is and the next pass decides anew. A guard that threw is reported for this job.
   */
  Optional<Job> fire(Job expected, JobEvent event, EventContext context, String detail) {
    JobChange next;
    try {
      next = lifecycle.fire(expected, event, context);
    } catch (TransitionFailedException threw) {
      failedToHandle(currentStep, expected.id(), threw.getMessage());
      return Optional.empty();
    } catch (TransitionException refusedOrLost) {
      return Optional.empty();
    }
    committed(next, event, context, detail);
    return Optional.of(next.job());
  }

  /** A transition decided in a step and fired with the others of the step, in one batch. */
  private record Later(Job expected, JobEvent event, EventContext context, String detail, Consumer<Job> then) {}

  private final List<Later> later = new ArrayList<>();

  /**
   * Fires {@code event} at {@code expected} with the other transitions of this step, at {@link #fireBatch}; then,
   * if it committed, runs {@code then} with the job as written (inside the per-job boundary).
   */
  void fireLater(Job expected, JobEvent event, EventContext context, String detail, Consumer<Job> then) {
    later.add(new Later(expected, event, context, detail, then));
  }

  /**
   * Fires what {@link #fireLater} collected, committing the changes together ({@link Lifecycle#fireAll}): a lost race
   * or a refusal leaves only its own job as it is. When the batch as a whole fails for a reason other than an
   * unreachable store, each transition is fired alone, so one bad job never stops the others.
   */
  void fireBatch() {
    if (later.isEmpty()) {
      return;
    }
    List<Later> batch = List.copyOf(later);
    later.clear();
    List<TransitionResult> results;
    try {
      List<TransitionRequest> requests = new ArrayList<>(batch.size());
      batch.forEach(l -> requests.add(new TransitionRequest(l.expected(), l.event(), l.context())));
      results = lifecycle.fireAll(requests);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CORRUPT) {
        throw e;
      }
      results = null;
    } catch (RuntimeException e) {
      results = null;
    }
    for (int i = 0; i < batch.size(); i++) {
      Later l = batch.get(i);
      if (results == null) {
        guarded(currentStep, l.expected().id(),
            () -> fire(l.expected(), l.event(), l.context(), l.detail()).ifPresent(l.then()), e -> { });
        continue;
      }
      TransitionResult r = results.get(i);
      if (r.committed()) {
        committed(r.change(), l.event(), l.context(), l.detail());
        guarded(currentStep, l.expected().id(), () -> l.then().accept(r.change().job()), e -> { });
      } else if (r.failure() instanceof TransitionFailedException threw) {
        failedToHandle(currentStep, l.expected().id(), threw.getMessage());
      }
    }
  }

  /** Records a committed change as an action; the lifecycle has told its listeners already. */
  void committed(JobChange change, JobEvent event, EventContext context, String detail) {
    Job next = change.job();
    looked.put(next.id(), next);
    String d = detail != null ? detail
        : next.state() == JobState.FAILED ? next.failureDetail()
        : event == JobEvent.RETRY && next.notBefore() != null ? "not before " + next.notBefore()
        : context.detail();
    action(next.id(), next.attempt(), Kind.TRANSITION, event, d);
  }

  /** Stops {@code h} and records it; false when it was stopped already in this pass or the runtime refused. */
  boolean stop(SessionHandle h, String why) {
    if (!stopped.add(h)) {
      return false;
    }
    try {
      runtime.stop(h);
    } catch (RuntimeException e) {
      action(h.jobId(), h.attempt(), Kind.KILL, null, why + " (stop failed: " + VerificationRun.describe(e) + ")");
      return false;
    }
    action(h.jobId(), h.attempt(), Kind.KILL, null, why);
    return true;
  }

  boolean stoppedInThisPass(SessionHandle h) {
    return stopped.contains(h);
  }

  void action(JobId id, int attempt, Kind kind, JobEvent event, String detail) {
    actions.add(new Action(id, attempt, kind, event, detail));
  }

  void notice(Notice notice) {
    notices.add(notice);
    listeners.notice(notice);
  }

  /** Raises {@code notice} unless this supervisor raised it under {@code key} before. */
  void noticeOnce(String key, Notice notice) {
    problemKeys.add(key);
    if (memory.reportedProblems.add(key)) {
      notice(notice);
    }
  }

  /** Forgets the problems that no longer hold, so one that comes back is told again. */
  void forgetSolvedProblems() {
    memory.reportedProblems.retainAll(problemKeys);
  }

  // ---- what the pass did --------------------------------------------------------------------------------------------

  List<Action> actions() {
    return actions;
  }

  List<Notice> notices() {
    return notices;
  }

  /** One sentence saying which jobs this pass could not handle, or {@code null} when it handled every job. */
  String problem() {
    if (problems.isEmpty()) {
      return null;
    }
    if (problems.size() == 1) {
      return "the pass could not handle " + problems.get(0);
    }
    return "the pass could not handle " + problems.size() + " things; the first: " + problems.get(0);
  }
}
