package dev.lifeline.internal.supervisor;

import dev.lifeline.EventContext;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Step 2: PROCESSING jobs get EXITED, TIME_OUT or LOST as the observation and the clock say, committed together at
 * the end of the step. Stateless.
 */
final class ProcessingStep {

  private ProcessingStep() {}

  static void run(PassContext c) {
    List<Job> jobs = c.inState(JobState.PROCESSING);
    Set<AttemptKey> processing = new HashSet<>();
    jobs.forEach(j -> processing.add(AttemptKey.of(j)));
    c.eachJob("processing", jobs, job -> handle(c, job));
    c.fireBatch();
    c.memory.deadCounts.keySet().retainAll(processing);
    c.memory.launched.retainAll(processing);
  }

  private static void handle(PassContext c, Job job) {
    SessionHandle handle = PassContext.handle(job);
    if (handle == null) {
      return;
    }
    AttemptKey key = AttemptKey.of(job);
    SessionStatus status = c.observation.statusOf(handle);
    switch (status.liveness()) {
      case EXITED -> {
        int code = status.exitCode();
        c.fireLater(job, JobEvent.EXITED, EventContext.exitCode(code), "exit code " + code, next -> { });
        c.memory.deadCounts.remove(key);
      }
      case ALIVE -> {
        if (timedOut(c, job)) {
          timeOut(c, job, handle, true);
        } else {
          c.memory.deadCounts.remove(key);
        }
      }
      case DEAD -> {
        if (timedOut(c, job)) {
          timeOut(c, job, handle, false);
        } else {
          dead(c, job, handle, key);
        }
      }
      case UNKNOWN -> {
        // Unknown is not dead: no LOST, no TIME_OUT (an exit code may exist that cannot be read), no counting.
      }
    }
  }

  private static void dead(PassContext c, Job job, SessionHandle handle, AttemptKey key) {
    Instant started = job.startedAt() != null ? job.startedAt() : job.updatedAt();
    if (!SaturatingTime.reached(started, c.now, c.settings.startGrace())) {
      return; // not visible yet within the start grace: not counted
    }
    int count = c.memory.deadCounts.getOrDefault(key, 0) + 1;
    c.memory.deadCounts.put(key, count);
    c.notice(new Notice.SessionMissing(c.now, job.id(), job.attempt(), handle.name(), count));
    if (count >= c.settings.lostAfter()) {
      String detail = "session " + handle.name() + " was not seen on " + count
          + " consecutive observations and no exit code was recorded";
      c.fireLater(job, JobEvent.LOST, EventContext.none().withReason(FailureReason.SESSION_LOST).withDetail(detail),
          null, next -> c.memory.deadCounts.remove(key));
    }
  }

  private static void timeOut(PassContext c, Job job, SessionHandle handle, boolean alive) {
    c.fireLater(job, JobEvent.TIME_OUT, EventContext.none(), null, next -> {
      if (alive) {
        c.stop(handle, "timed out after " + job.spec().timeout());
      }
    });
  }

  /** True when the job ran longer than its timeout; an absurd timeout never elapses and never throws. */
  static boolean timedOut(PassContext c, Job job) {
    Duration timeout = job.spec().timeout();
    return timeout != null && job.startedAt() != null && SaturatingTime.exceeded(job.startedAt(), c.now, timeout);
  }
}
