package dev.lifeline.internal;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.GuardContext;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.SessionNames;
import dev.lifeline.Transition;
import dev.lifeline.TransitionTable;
import dev.lifeline.TransitionTable.Edge;
import dev.lifeline.spi.JobStore.Change;
import java.time.Instant;

/**
 * Computes the row and the history entry an edge writes (the "effect recorded on the row" column of the table in
 * ARCHITECTURE.md "The lifecycle"). Stateless.
 */
final class Effects {

  private Effects() {}

  static Change apply(Edge edge, GuardContext c, String actor, Backoff backoff) {
    Job job = c.job();
    Instant now = c.now();
    Job.Builder next = job.toBuilder().state(edge.to()).version(job.version() + 1).updatedAt(now);
    FailureReason reason = null;
    String detail = c.context().detail();
    switch (edge.event()) {
      case START -> {
        int attempt = job.attempt() + 1;
        next.attempt(attempt)
            .session(SessionNames.of(job.id(), job.name(), attempt))
            .owner(actor)
            .startedAt(now)
            .exitCode(null)
            .failureReason(null)
            .failureDetail(null)
            .finishedAt(null);
      }
      case EXITED -> {
        int code = c.context().exitCode();
        next.exitCode(code);
        if (edge.to() == JobState.FAILED) {
          reason = FailureReason.EXIT_CODE;
          detail = detail != null ? detail : "exited with code " + code;
        }
      }
      case LOST -> {
        reason = c.context().reason() != null ? c.context().reason() : FailureReason.SESSION_LOST;
        detail = detail != null ? detail
            : reason == FailureReason.LAUNCH_FAILED ? "the session could not be started" : "the session vanished";
      }
      case TIME_OUT -> {
        reason = FailureReason.TIMED_OUT;
        detail = detail != null ? detail : "ran longer than its timeout of " + job.spec().timeout();
      }
      case REJECT -> reason = FailureReason.VERIFICATION_FAILED;
      case CANCEL -> {
        reason = FailureReason.CANCELLED;
        detail = detail != null ? detail : "cancelled";
      }
      case RETRY -> next.notBefore(laterOf(job.spec().notBefore(),
              c.context().override() ? now : now.plus(backoff.delay(job.attempt()))))
          .exitCode(null)
          .failureReason(null)
          .failureDetail(null)
          .finishedAt(null);
      case HOLD -> next.held(true);
      case RELEASE -> next.held(false);
      case ABANDON -> {
        reason = FailureReason.DEPENDENCY_FAILED;
        if (detail == null) {
          detail = TransitionTable.failedDependency(job, c.dependencies())
              .map(d -> "job " + d.id() + " it waits for failed for good ("
                  + (d.failureReason() == null ? "FAILED" : d.failureReason().name())
                  + (d.failureDetail() == null || d.failureReason() == FailureReason.DEPENDENCY_FAILED ? ""
                      : ": " + shortened(d.failureDetail())) + ")")
              .orElse("a job it waits for failed for good");
        }
      }
      case PASS, SUBMIT -> { }
    }
    if (edge.to() == JobState.FAILED) {
      next.failureReason(reason).failureDetail(detail).finishedAt(now).held(false);
    } else if (edge.to() == JobState.COMPLETED) {
      next.finishedAt(now);
    }
    Job written = next.build();
    String who = c.context().actor() != null ? c.context().actor() : actor;
    Transition t = new Transition(job.id(), written.attempt(), job.state(), edge.to(), edge.event(),
        edge.to() == JobState.FAILED ? reason : null, detail, who, now);
    return new Change(written, t);
  }

  /** The later of a spec's first start ({@code null}: none) and {@code t}: a retry never starts before the first. */
  private static Instant laterOf(Instant first, Instant t) {
    return first != null && first.isAfter(t) ? first : t;
  }

  /** A dependency's detail inside another's: the first 200 characters. */
  private static String shortened(String detail) {
    return detail.length() <= 200 ? detail : detail.substring(0, 199) + "…";
  }
}
