package dev.lifeline.internal.view;

import dev.lifeline.HeldBackJob;
import dev.lifeline.HeldBackJob.Reason;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.spi.ClaimOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one held-back rule: of the QUEUED jobs, in {@link ClaimOrder}, one whose {@code notBefore} is after now waits
 * for it (a retried job's is its backoff, a never-started job's was asked for at submit); of the due ones, the first
 * as many as there are free slots ({@code maxConcurrent} minus the PROCESSING jobs) would be claimed by the next
 * pass and the rest wait for a slot; a held job, and one waiting on jobs not COMPLETED, take no slot. User START guards are not evaluated here (they decide inside the claim). Stateless
 * and thread-safe.
 */
public final class HeldBackRule {

  private HeldBackRule() {}

  /** The held-back jobs among {@code jobs} (others are ignored), in claim order, none of them waiting on others. */
  public static List<HeldBackJob> judge(List<Job> jobs, long running, int maxConcurrent, Instant now) {
    return judge(jobs, running, maxConcurrent, now, id -> java.util.Optional.empty());
  }

  /**
   * The held-back jobs among {@code jobs} (others are ignored), in claim order: a held one is HELD, one whose
   * dependencies ({@code lookup} reads them) are not all COMPLETED is DEPENDENCIES; neither takes a slot.
   */
  public static List<HeldBackJob> judge(List<Job> jobs, long running, int maxConcurrent, Instant now,
      java.util.function.Function<dev.lifeline.JobId, java.util.Optional<Job>> lookup) {
    List<Job> queued = new ArrayList<>();
    for (Job j : jobs) {
      if (j.state() == JobState.QUEUED) {
        queued.add(j);
      }
    }
    queued.sort(ClaimOrder.comparator());
    long free = Math.max(0, maxConcurrent - running);
    List<HeldBackJob> out = new ArrayList<>();
    for (Job j : queued) {
      List<dev.lifeline.JobId> waiting = j.spec().after().isEmpty() ? List.of() : dev.lifeline.TransitionTable.waitingOn(j, lookup);
      if (j.held()) {
        out.add(new HeldBackJob(j, Reason.HELD, null));
      } else if (!waiting.isEmpty()) {
        out.add(new HeldBackJob(j, Reason.DEPENDENCIES, null, waiting));
      } else if (ClaimOrder.notBeforeIsAfter(j, now)) {
        out.add(new HeldBackJob(j, j.attempt() > 0 ? Reason.BACKOFF : Reason.NOT_BEFORE, j.notBefore()));
      } else if (free > 0) {
        free--;
      } else {
        out.add(new HeldBackJob(j, Reason.MAX_CONCURRENT, null));
      }
    }
    return out;
  }
}
