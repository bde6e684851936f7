package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.Job;
import dev.lifeline.JobChange;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.PassReport.Kind;
import dev.lifeline.TransitionException;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.Launch;
import dev.lifeline.spi.LaunchException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Step 5: QUEUED jobs get START up to the free slots (in the store's claim order, in one claim), and the started
 * attempts are launched after the commit, each at most once, in one call to the runtime. When slots stay free while jobs wait, the START guard that holds each
 * back is reported once per job and reason ({@link Notice.StartDeferred}). Stateless.
 */
final class StartStep {

  /** At most this many waiting jobs are asked why they wait, per pass: the cost follows the free slots. */
  static final int DEFERRAL_PROBES = 16;

  private StartStep() {}

  static void run(PassContext c) {
    if (c.store.controls().draining()) {
      return; // a drained store starts nothing new (lifeline drain); the running work goes on to its end
    }
    int max = c.settings.maxConcurrent();
    List<JobChange> started = c.lifecycle.startAll(max);
    List<Job> toLaunch = new ArrayList<>();
    for (JobChange change : started) {
      Job job = change.job();
      c.committed(change, JobEvent.START, EventContext.none(), job.session());
      if (c.memory.launched.add(AttemptKey.of(job))) { // never launch one attempt twice
        toLaunch.add(job);
      }
    }
    launch(c, toLaunch);
    if (started.size() < max) {
      reportDeferrals(c);
    }
  }

  /** Launches the attempts just started, after their commit, in one call to the runtime. */
  private static void launch(PassContext c, List<Job> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    List<Launch> launches;
    try {
      launches = c.runtime.startAll(jobs);
    } catch (RuntimeException e) {
      jobs.forEach(job -> c.guarded("launch", job.id(), () -> launchFailed(c, job, PassContext.sentence(e)),
          again -> { }));
      return;
    }
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Launch l = i < launches.size() ? launches.get(i) : null;
      c.guarded("launch", job.id(), () -> {
        if (l == null || !l.job().id().equals(job.id())) {
          launchFailed(c, job, "the runtime gave no answer for this job's launch");
        } else if (l.launched()) {
          c.action(job.id(), job.attempt(), Kind.LAUNCH, null, l.handle().name());
        } else if (l.failure() instanceof LaunchException e) {
          launchFailed(c, job, e.getMessage() != null ? e.getMessage() : VerificationRun.describe(e));
        } else {
          throw l.failure(); // not a refused launch: reported as this job's failure, then LAUNCH_FAILED
        }
      }, e -> launchFailed(c, job, PassContext.sentence(e)));
    }
  }

  private static void launchFailed(PassContext c, Job job, String why) {
    c.notice(new Notice.LaunchFailed(c.now, job.id(), job.attempt(), why));
    c.fire(job, JobEvent.LOST,
        EventContext.none().withReason(FailureReason.LAUNCH_FAILED).withDetail("launch failed: " + why), null);
  }

  /**
   * Nothing more could be claimed: says, once per job and reason, which START guard holds each eligible job back.
   * Only the first {@link #DEFERRAL_PROBES} candidates in claim order are read and asked, so the cost follows the
   * free slots, not the queue; what was told is remembered for those jobs only.
   */
  private static void reportDeferrals(PassContext c) {
    if (c.store.count(JobState.PROCESSING) >= c.settings.maxConcurrent()) {
      return; // the slots are taken: that, not a guard, is why jobs wait
    }
    List<Job> eligible = c.claimable(DEFERRAL_PROBES);
    Set<JobId> probed = new HashSet<>();
    eligible.forEach(j -> probed.add(j.id()));
    c.memory.deferrals.keySet().retainAll(probed);
    c.eachJob("start", eligible, job -> probe(c, job));
  }

  private static void probe(PassContext c, Job job) {
    try {
      c.lifecycle.decide(job, JobEvent.START, EventContext.none());
      c.memory.deferrals.remove(job.id()); // it could start now: a later refusal is news again
    } catch (GuardRejectedException refused) {
      if ("capacity".equals(refused.guard())) {
        return; // not held back by a rule of its own: the slots are taken
      }
      String reason = refused.reason();
      String key = refused.guard() + "\u0000" + reason;
      if (c.memory.deferrals.computeIfAbsent(job.id(), k -> new HashSet<>()).add(key)) {
        c.notice(new Notice.StartDeferred(c.now, job.id(), refused.guard(), reason));
      }
    } catch (TransitionFailedException threw) {
      c.failedToHandle("start", job.id(), threw.getMessage());
    } catch (TransitionException other) {
      // not startable for another reason (the row moved on): nothing to report
    }
  }
}
