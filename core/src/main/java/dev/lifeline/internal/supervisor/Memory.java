package dev.lifeline.internal.supervisor;

import dev.lifeline.JobId;
import dev.lifeline.spi.SessionHandle;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a supervisor remembers between passes. All of it may be lost (a crash, a new supervisor): the rows alone are
 * enough to resume, at the price of counting DEAD observations and orphan graces anew. Guarded by the supervisor's
 * pass lock. A plan works on a {@link #copyForPlan() copy}, so planning changes nothing a later pass sees.
 */
final class Memory {
  /** Consecutive DEAD observations per PROCESSING attempt, counted after the start grace. */
  final Map<AttemptKey, Integer> deadCounts = new HashMap<>();
  /** Verifications started and not yet concluded. */
  final Map<AttemptKey, VerificationRun> verifications = new HashMap<>();
  /** Verifications whose pending verdict was reported: the job waits for an operator. */
  final Set<AttemptKey> awaitingOperator = new HashSet<>();
  /** Orphan sessions already reported, so each is reported once. */
  final Set<SessionHandle> reportedOrphans = new HashSet<>();
  /** When each orphan was first seen, for the orphan grace. */
  final Map<SessionHandle, Instant> orphanSince = new HashMap<>();
  /** Attempts this supervisor launched (or tried to) and that are still PROCESSING: never launched again. */
  final Set<AttemptKey> launched = new HashSet<>();
  /** START refusals already reported, per QUEUED job (guard and reason), so each is reported once. */
  final Map<JobId, Set<String>> deferrals = new HashMap<>();
  /** Problems already reported as notices (unreadable rows, jobs that failed to be handled), so each is told once. */
  final Set<String> reportedProblems = new HashSet<>();
  /** Since when the runtime has been UNKNOWN without a break, or {@code null}. */
  Instant unknownSince;

  /** A copy a plan may change freely: its verifications are read-only views that a plan cannot cancel. */
  Memory copyForPlan() {
    Memory m = new Memory();
    m.deadCounts.putAll(deadCounts);
    verifications.forEach((k, v) -> m.verifications.put(k, v.readOnlyView()));
    m.awaitingOperator.addAll(awaitingOperator);
    m.reportedOrphans.addAll(reportedOrphans);
    m.orphanSince.putAll(orphanSince);
    m.launched.addAll(launched);
    deferrals.forEach((k, v) -> m.deferrals.put(k, new HashSet<>(v)));
    m.reportedProblems.addAll(reportedProblems);
    m.unknownSince = unknownSince;
    return m;
  }

  /** Forgets the verification of {@code key} and cancels it (its verdict is moot or collected). */
  void dropVerification(AttemptKey key) {
    awaitingOperator.remove(key);
    VerificationRun run = verifications.remove(key);
    if (run != null) {
      run.cancel();
    }
  }

  void cancelVerifications() {
    verifications.values().forEach(VerificationRun::cancel);
    verifications.clear();
    awaitingOperator.clear();
  }
}
