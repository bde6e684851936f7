package dev.lifeline.internal.supervisor;

import dev.lifeline.spi.SessionHandle;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a supervisor remembers between passes. All of it may be lost (a crash, a new supervisor): the rows alone are
 * enough to resume, at the price of counting DEAD observations and orphan graces anew. Guarded by the supervisor's
 * pass lock; only live passes change it.
 */
final class Memory {
  /** Consecutive DEAD observations per PROCESSING attempt, counted after the start grace. */
  final Map<AttemptKey, Integer> deadCounts = new HashMap<>();
  /** Verifications started and not yet concluded. */
  final Map<AttemptKey, VerificationRun> verifications = new HashMap<>();
  /** Orphan sessions already reported, so each is reported once. */
  final Set<SessionHandle> reportedOrphans = new HashSet<>();
  /** When each orphan was first seen, for the orphan grace. */
  final Map<SessionHandle, Instant> orphanSince = new HashMap<>();
  /** Attempts this supervisor launched (or tried to) and that are still PROCESSING: never launched again. */
  final Set<AttemptKey> launched = new HashSet<>();
  /** Since when the runtime has been UNKNOWN without a break, or {@code null}. */
  Instant unknownSince;

  void cancelVerifications() {
    verifications.values().forEach(VerificationRun::cancel);
    verifications.clear();
  }
}
