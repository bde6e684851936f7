package dev.lifeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds a {@link LifelineView#health(HealthQuery) health} report judges by. Immutable; start from
 * {@link #defaults()} and change what differs.
 *
 * @param stuckAfter an active job that has not changed for longer than this is stuck (default 1 hour)
 * @param leaseStaleAfter a supervisor heartbeat older than this is stale (default 30 s, as the supervisor's)
 * @param failingPassesAfter this many consecutive failed supervisor passes make the store unhealthy (default 3)
 * @param maxConcurrent the supervisor's concurrency limit, used to tell which QUEUED jobs wait for a free slot
 *     (default 4, as the supervisor's)
 */
public record HealthQuery(Duration stuckAfter, Duration leaseStaleAfter, int failingPassesAfter, int maxConcurrent) {

  /**
   * Checks the durations are not negative and the counts at least 1.
   *
   * @param stuckAfter an active job that has not changed for longer than this is stuck (default 1 hour)
   * @param leaseStaleAfter a supervisor heartbeat older than this is stale (default 30 s, as the supervisor's)
   * @param failingPassesAfter this many consecutive failed supervisor passes make the store unhealthy (default 3)
   * @param maxConcurrent the supervisor's concurrency limit, used to tell which QUEUED jobs wait for a free slot
   *     (default 4, as the supervisor's)
   * @throws IllegalArgumentException when they are not
   */
  public HealthQuery {
    Objects.requireNonNull(stuckAfter, "stuckAfter");
    Objects.requireNonNull(leaseStaleAfter, "leaseStaleAfter");
    if (stuckAfter.isNegative()) {
      throw new IllegalArgumentException("stuckAfter must not be negative, got " + stuckAfter);
    }
    if (leaseStaleAfter.isNegative()) {
      throw new IllegalArgumentException("leaseStaleAfter must not be negative, got " + leaseStaleAfter);
    }
    if (failingPassesAfter < 1) {
      throw new IllegalArgumentException("failingPassesAfter must be at least 1, got " + failingPassesAfter);
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
    }
  }

  /**
   * Stuck after 1 hour, a lease stale after 30 s, unhealthy after 3 failed passes, 4 jobs at once.
   *
   * @return the default query
   */
  public static HealthQuery defaults() {
    return new HealthQuery(Duration.ofHours(1), Duration.ofSeconds(30), 3, 4);
  }

  /**
   * This query with another stuck threshold.
   *
   * @param stuckAfter how long an active job may go unchanged
   * @return a copy
   */
  public HealthQuery withStuckAfter(Duration stuckAfter) {
    return new HealthQuery(stuckAfter, leaseStaleAfter, failingPassesAfter, maxConcurrent);
  }

  /**
   * This query with another lease staleness.
   *
   * @param leaseStaleAfter how old a heartbeat may be
   * @return a copy
   */
  public HealthQuery withLeaseStaleAfter(Duration leaseStaleAfter) {
    return new HealthQuery(stuckAfter, leaseStaleAfter, failingPassesAfter, maxConcurrent);
  }

  /**
   * This query with another count of failed passes that makes the store unhealthy.
   *
   * @param failingPassesAfter at least 1
   * @return a copy
   */
  public HealthQuery withFailingPassesAfter(int failingPassesAfter) {
    return new HealthQuery(stuckAfter, leaseStaleAfter, failingPassesAfter, maxConcurrent);
  }

  /**
   * This query with the supervisor's concurrency limit.
   *
   * @param maxConcurrent at least 1
   * @return a copy
   */
  public HealthQuery withMaxConcurrent(int maxConcurrent) {
    return new HealthQuery(stuckAfter, leaseStaleAfter, failingPassesAfter, maxConcurrent);
  }
}
