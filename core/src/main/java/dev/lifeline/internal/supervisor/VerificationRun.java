package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * The verifiers of one attempt running off the supervisor's thread, in spec order: the first failure decides; a
 * {@link Verdict.Pending} counts only when nothing failed. The supervisor polls it from later passes and cancels it
 * (interrupting the verifier) when its deadline passes. Thread-safe.
 */
final class VerificationRun {

  /**
   * What the verifiers concluded.
   *
   * @param verdict passed, failed (with the reason) or pending
   * @param timedOutVerifier the verifier that ran out of its own time, or {@code null}
   */
  record Outcome(Verdict verdict, String timedOutVerifier) {}

  private final List<VerifierCatalog.Step> steps;
  private final Duration allowance;
  private final Instant deadline;
  private final FutureTask<Outcome> task;
  private volatile String current;
  private boolean pendingReported;

  private VerificationRun(Job job, List<VerifierCatalog.Step> steps, Instant now) {
    this.steps = List.copyOf(steps);
    this.allowance = VerifierCatalog.allowance(steps);
    this.deadline = now.plus(allowance);
    this.current = steps.get(0).label();
    this.task = new FutureTask<>(() -> verify(job));
  }

  /** Starts the verifiers of {@code job} on {@code executor}; a same-thread executor runs them to the end here. */
  static VerificationRun start(Job job, List<VerifierCatalog.Step> steps, Instant now, Executor executor) {
    VerificationRun run = new VerificationRun(job, steps, now);
    executor.execute(run.task);
    return run;
  }

  private Outcome verify(Job job) {
    Verdict pending = null;
    for (VerifierCatalog.Step step : steps) {
      if (Thread.currentThread().isInterrupted()) {
        return new Outcome(Verdict.failed("verification was interrupted"), null);
      }
      current = step.label();
      Verdict v;
      try {
        v = step.check().apply(job);
        if (v == null) {
          v = Verdict.failed("verifier " + step.label() + " returned no verdict");
        }
      } catch (VerifierTimedOutException e) {
        return new Outcome(Verdict.failed(e.getMessage()), step.label());
      } catch (RuntimeException e) {
        v = Verdict.failed("verifier " + step.label() + " threw " + describe(e));
      }
      if (v instanceof Verdict.Failed) {
        return new Outcome(v, null);
      }
      if (v instanceof Verdict.Pending && pending == null) {
        pending = v;
      }
    }
    return new Outcome(pending != null ? pending : Verdict.passed(), null);
  }

  boolean isDone() {
    return task.isDone();
  }

  /** The outcome; call only when {@link #isDone()}. */
  Outcome outcome() {
    try {
      return task.get();
    } catch (CancellationException e) {
      return new Outcome(Verdict.failed("verification was cancelled"), null);
    } catch (ExecutionException e) {
      return new Outcome(Verdict.failed("verifier " + current + " threw " + describe(e.getCause())), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Verdict.failed("verification was interrupted"), null);
    }
  }

  Instant deadline() {
    return deadline;
  }

  Duration allowance() {
    return allowance;
  }

  /** The verifier running now (or the last one that ran). */
  String current() {
    return current;
  }

  /** True the first time it is called; the pending notice is raised once per run. */
  boolean firstPendingReport() {
    if (pendingReported) {
      return false;
    }
    pendingReported = true;
    return true;
  }

  boolean pendingReported() {
    return pendingReported;
  }

  void cancel() {
    task.cancel(true);
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
