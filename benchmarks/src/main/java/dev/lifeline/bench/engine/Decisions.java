package dev.lifeline.bench.engine;

import dev.lifeline.EventContext;
import dev.lifeline.GuardContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The decisions every engine benchmark cycles through: one per edge kind, each taken (none refused). */
final class Decisions {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private Decisions() {}

  static List<GuardContext> cycle() {
    JobSpec spec = JobSpec.builder("true").name("bench").maxAttempts(3).timeout(Duration.ofMinutes(5)).build();
    Job queued = Job.queued(JobId.of(1), spec, null, NOW);
    Job processing = queued.toBuilder().state(JobState.PROCESSING).attempt(1).startedAt(NOW).version(1).build();
    Job verifying = processing.toBuilder().state(JobState.VERIFICATION).exitCode(0).version(2).build();
    Job failed = processing.toBuilder().state(JobState.FAILED).exitCode(1).version(2).build();
    return List.of(
        new GuardContext(queued, JobEvent.START, EventContext.none(), NOW, 0, 4),
        new GuardContext(processing, JobEvent.EXITED, EventContext.exitCode(0), NOW, 0, 4),
        new GuardContext(verifying, JobEvent.PASS, EventContext.none(), NOW, 0, 4),
        new GuardContext(verifying, JobEvent.REJECT, EventContext.detail("bad output"), NOW, 0, 4),
        new GuardContext(processing, JobEvent.EXITED, EventContext.exitCode(1), NOW, 0, 4),
        new GuardContext(failed, JobEvent.RETRY, EventContext.none(), NOW, 0, 4));
  }
}
