package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.PassReport.Kind;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus.Liveness;
import dev.lifeline.spi.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

/**
 * Step 3: VERIFICATION jobs get PASS or REJECT. Verifiers run off the pass's thread and are bounded by their own
 * timeouts; a done verdict is acted on first. The job's own timeout applies here only while it waits for an operator:
 * a job whose exit was seen late (the runtime was unknown, the supervisor was down) is still verified, never failed
 * for the delay. A verification that throws is a REJECT with the exception's sentence. Stateless.
 */
final class VerificationStep {

  private VerificationStep() {}

  static void run(PassContext c) {
    List<Job> jobs = c.inState(JobState.VERIFICATION);
    Set<AttemptKey> verifying = new HashSet<>();
    jobs.forEach(j -> verifying.add(AttemptKey.of(j)));
    c.eachJob("verification", jobs, job -> handle(c, job), (job, why) -> reject(c, job, "could not be verified: " + why));
    c.fireBatch();
    c.memory.verifications.keySet().stream().filter(k -> !verifying.contains(k)).toList()
        .forEach(c.memory::dropVerification); // the job left VERIFICATION (an operator, a timeout): the verdict is moot
  }

  private static void handle(PassContext c, Job job) {
    AttemptKey key = AttemptKey.of(job);
    VerificationRun run = c.memory.verifications.get(key);
    if (run == null) {
      run = start(c, job, key);
      if (run == null) {
        return;
      }
    }
    if (run.isDone()) {
      if (!conclude(c, job, key, run) && ProcessingStep.timedOut(c, job)) {
        timeOut(c, job, key);
      }
    } else if (!c.now.isBefore(run.deadline())) {
      verifierTimedOut(c, job, key, run.current(),
          "verifier " + run.current() + " did not answer within " + run.allowance());
    }
  }

  /** Starts the job's verifiers; {@code null} when there is nothing to wait for (no verifiers, closing). */
  private static VerificationRun start(PassContext c, Job job, AttemptKey key) {
    List<VerifierCatalog.Step> steps = c.catalog.steps(job);
    if (steps.isEmpty()) {
      c.fireLater(job, JobEvent.PASS, EventContext.detail("no verifiers"), null, next -> { });
      return null;
    }
    String labels = steps.stream().map(VerifierCatalog.Step::label).collect(Collectors.joining(", "));
    VerificationRun run;
    try {
      run = VerificationRun.start(job, steps, c.now, c.executor);
    } catch (RejectedExecutionException e) {
      return null; // the supervisor is closing; a later supervisor verifies
    }
    c.memory.verifications.put(key, run);
    c.action(job.id(), job.attempt(), Kind.VERIFY, null, labels);
    return run;
  }

  /** Acts on a finished verification; false when the verdict is pending (the job waits for an operator). */
  private static boolean conclude(PassContext c, Job job, AttemptKey key, VerificationRun run) {
    VerificationRun.Outcome outcome = run.outcome();
    if (outcome.timedOutVerifier() != null) {
      verifierTimedOut(c, job, key, outcome.timedOutVerifier(), ((Verdict.Failed) outcome.verdict()).reason());
      return true;
    }
    if (outcome.threw() != null) {
      c.failedToHandle("verification", job.id(), outcome.threw());
    }
    if (outcome.verdict() instanceof Verdict.Passed) {
      c.fireLater(job, JobEvent.PASS, EventContext.none(), "verified", next -> c.memory.dropVerification(key));
      return true;
    }
    if (outcome.verdict() instanceof Verdict.Failed failed) {
      if (reject(c, job, failed.reason())) {
        c.memory.dropVerification(key);
      }
      return true;
    }
    String reason = ((Verdict.Pending) outcome.verdict()).reason();
    if (c.memory.awaitingOperator.add(key)) {
      c.notice(new Notice.VerificationPending(c.now, job.id(), job.attempt(), reason));
    }
    return false;
  }

  private static boolean reject(PassContext c, Job job, String detail) {
    return c.fire(job, JobEvent.REJECT, EventContext.detail(detail), null).isPresent();
  }

  private static void verifierTimedOut(PassContext c, Job job, AttemptKey key, String verifier, String detail) {
    c.notice(new Notice.VerifierTimedOut(c.now, job.id(), verifier));
    if (reject(c, job, detail)) {
      c.memory.dropVerification(key);
    }
  }

  private static void timeOut(PassContext c, Job job, AttemptKey key) {
    if (c.fire(job, JobEvent.TIME_OUT, EventContext.none(), null).isPresent()) {
      c.memory.dropVerification(key);
      SessionHandle handle = PassContext.handle(job);
      if (handle != null && c.observation.statusOf(handle).liveness() == Liveness.ALIVE) {
        c.stop(handle, "timed out after " + job.spec().timeout());
      }
    }
  }
}
