package dev.lifeline.internal.view;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import java.time.Instant;

/** Job rows for the rule tests, built field by field. */
final class Rows {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private Rows() {}

  static Job job(long id, JobState state, int attempt, Instant updatedAt) {
    return new Job(JobId.of(id), JobSpec.builder("true").build(), state, attempt, attempt > 0 ? "s-" + id : null,
        null, null, null, null, null, null, T, null, null, updatedAt, attempt);
  }

  static Job queued(long id, int priority, int attempt, Instant notBefore) {
    return new Job(JobId.of(id), JobSpec.builder("true").priority(priority).build(), JobState.QUEUED, attempt, null,
        null, null, null, null, notBefore, null, T, null, null, T, attempt);
  }
}
