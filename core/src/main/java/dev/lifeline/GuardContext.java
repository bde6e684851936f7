package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything a guard may look at: the job as persisted, the event and its context, the time of the decision and,
 * for START, how many jobs are PROCESSING and how many may be.
 *
 * @param job the persisted snapshot the decision is computed from
 * @param event the event being fired
 * @param context what the caller supplied
 * @param now the lifecycle clock's instant
 * @param running how many jobs are PROCESSING (only meaningful for START)
 * @param maxConcurrent the concurrency limit (only meaningful for START)
 */
public record GuardContext(
    Job job, JobEvent event, EventContext context, Instant now, int running, int maxConcurrent) {
  public GuardContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(now, "now");
  }
}
