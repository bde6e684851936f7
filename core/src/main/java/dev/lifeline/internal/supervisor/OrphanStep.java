package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport.Kind;
import dev.lifeline.event.Notice;
import dev.lifeline.internal.view.OrphanRule;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 6: live sessions tagged by us that the one {@link OrphanRule} calls orphans follow the orphan policy: reported
 * once, and under {@link OrphanPolicy#KILL} stopped after the orphan grace. A session whose job's
 * row cannot be read is not judged. Stateless.
 */
final class OrphanStep {

  private OrphanStep() {}

  static void run(PassContext c) {
    Set<SessionHandle> alive = new HashSet<>();
    for (Map.Entry<SessionHandle, SessionStatus> e : c.sessionsInOrder()) {
      SessionHandle h = e.getKey();
      if (e.getValue().liveness() != Liveness.ALIVE) {
        continue;
      }
      alive.add(h);
      if (c.stoppedInThisPass(h)) {
        continue;
      }
      c.guarded("orphan", h.jobId(), () -> judge(c, h), failure -> { });
    }
    c.memory.reportedOrphans.retainAll(alive);
    c.memory.orphanSince.keySet().retainAll(alive);
  }

  private static void judge(PassContext c, SessionHandle h) {
    Optional<Job> job = c.current(h.jobId());
    if (job == null) {
      return; // the row cannot be read: unknown is not an orphan
    }
    OrphanRule.why(h, job.orElse(null)).ifPresent(why -> orphan(c, h, why));
  }

  private static void orphan(PassContext c, SessionHandle h, String why) {
    Instant since = c.memory.orphanSince.get(h);
    if (c.memory.reportedOrphans.add(h)) {
      c.notice(new Notice.OrphanFound(c.now, h.jobId(), h.attempt(), h.name(), why));
      c.action(h.jobId(), h.attempt(), Kind.ORPHAN, null, why);
      c.memory.orphanSince.put(h, c.now);
      since = c.now;
    } else if (since == null) {
      since = c.now;
    }
    if (c.settings.orphanPolicy() == OrphanPolicy.KILL
        && OrphanRule.killDue(since, c.now, c.settings.orphanGrace())) {
      if (c.stop(h, "orphan: " + why)) {
        c.notice(new Notice.OrphanKilled(c.now, h.jobId(), h.attempt(), h.name()));
      }
    }
  }
}
