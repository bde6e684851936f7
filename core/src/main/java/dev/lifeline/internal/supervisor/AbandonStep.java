package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import java.util.List;

/**
 * Step 4b: QUEUED jobs that wait for a job FAILED for good can never start, so they are ABANDONED (FAILED with reason
 * DEPENDENCY_FAILED), after the retry step has re-queued what it could. Each round commits in one batch; the jobs
 * waiting for the ones just abandoned follow in the next round, so a chain ends within one pass. Stateless.
 */
final class AbandonStep {

  /** At most this many jobs are abandoned per round; the rest follow in the next round or pass. */
  static final int BATCH = 1000;
  /** At most this many rounds per pass (a longer chain goes on in the next pass). */
  static final int ROUNDS = 64;

  private AbandonStep() {}

  static void run(PassContext c) {
    for (int round = 0; round < ROUNDS; round++) {
      List<Job> doomed = c.abandonable(BATCH);
      if (doomed.isEmpty()) {
        return;
      }
      int[] committed = {0};
      c.eachJob("abandon", doomed, job -> c.fireLater(job, JobEvent.ABANDON, EventContext.none(), null,
          next -> committed[0]++));
      c.fireBatch();
      if (committed[0] == 0) {
        return; // refused or lost every race: the next pass decides anew
      }
    }
  }
}
