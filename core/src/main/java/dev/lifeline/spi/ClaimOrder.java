package dev.lifeline.spi;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * The one order in which QUEUED jobs are claimed, and which of them are candidates now: every {@link JobStore}'s
 * {@link JobStore#claimNext claimNext}, the supervisor's plan and the read view use it, so they cannot disagree.
 *
 * <ol>
 *   <li>{@link dev.lifeline.JobSpec#priority() priority}, highest first;
 *   <li>then {@link Job#createdAt() createdAt}, oldest first, compared at millisecond precision (the precision a
 *       store keeps: two jobs created in the same millisecond are tied here);
 *   <li>then {@link Job#id() id}, lowest first (ids are unique, so the order is total).
 * </ol>
 *
 * <p>In SQL this is {@code WHERE state = 'QUEUED' AND (not_before IS NULL OR not_before <= :now) ORDER BY priority
 * DESC, created_at, id} over epoch-millisecond columns, as the SQLite store claims. A job is a candidate at
 * {@code now} when it is QUEUED and its {@link Job#notBefore() notBefore} is absent or not after {@code now}, also at
 * millisecond precision. Whether a candidate is then started is the lifecycle's decision (capacity and START guards).
 *
 * <p>Stateless and thread-safe.
 */
public final class ClaimOrder {

  private static final Comparator<Job> ORDER = Comparator.comparingInt((Job j) -> j.spec().priority()).reversed()
      .thenComparing((Job j) -> millis(j.createdAt()))
      .thenComparing(Job::id);

  private ClaimOrder() {}

  /**
   * Priority descending, then creation time ascending (milliseconds), then id ascending.
   *
   * @return the claim order
   */
  public static Comparator<Job> comparator() {
    return ORDER;
  }

  /**
   * True when {@code job} is QUEUED and not held back by a {@code notBefore} after {@code now}.
   *
   * @param job the job
   * @param now the lifecycle clock's instant
   * @return whether it may be claimed now
   */
  public static boolean isCandidate(Job job, Instant now) {
    return job.state() == JobState.QUEUED && !notBeforeIsAfter(job, now);
  }

  /**
   * True when {@code job} has a {@code notBefore} after {@code now} (at millisecond precision).
   *
   * @param job the job
   * @param now the lifecycle clock's instant
   * @return whether it must still wait
   */
  public static boolean notBeforeIsAfter(Job job, Instant now) {
    return job.notBefore() != null && millis(job.notBefore()).isAfter(millis(now));
  }

  private static Instant millis(Instant i) {
    return i.truncatedTo(ChronoUnit.MILLIS);
  }
}
