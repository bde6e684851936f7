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
   * @param threw when a verifier threw instead of answering, the sentence saying so (the verdict is then failed with
   *     it); {@code null} otherwise
   */
  record Outcome(Verdict verdict, String timedOutVerifier, String threw) {
    Outcome(Verdict verdict, String timedOutVerifier) {
      this(verdict, timedOutVerifier, null);
    }

    static Outcome thrown(String sentence) {
      return new Outcome(Verdict.failed(sentence), null, sentence);
    }
  }

  private final List<VerifierCatalog.Step> steps;
  private final Duration allowance;
  private final Instant deadline;
  private final FutureTask<Outcome> task;
  private final VerificationRun viewOf;
  private volatile String current;

  private VerificationRun(Job job, List<VerifierCatalog.Step> steps, Instant now) {
    this.steps = List.copyOf(steps);
    this.allowance = VerifierCatalog.allowance(steps);
    this.deadline = SaturatingTime.plus(now, allowance);
    this.current = steps.get(0).label();
    this.task = new FutureTask<>(() -> verify(job));
    this.viewOf = null;
  }

  private VerificationRun(VerificationRun of) {
    this.steps = of.steps;
    this.allowance = of.allowance;
    this.deadline = of.deadline;
    this.task = of.task;
    this.viewOf = of;
  }

  /** The same run, seen by a plan: its outcome can be read, but {@link #cancel()} does nothing. */
  VerificationRun readOnlyView() {
    return new VerificationRun(this);
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
        return Outcome.thrown("verifier " + step.label() + " threw " + describe(e));
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
      return Outcome.thrown("verifier " + current + " threw " + describe(e.getCause()));
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
    return viewOf != null ? viewOf.current() : current;
  }

  void cancel() {
    if (viewOf == null) {
      task.cancel(true);
    }
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
