package dev.lifeline.spi;

import dev.lifeline.JobState;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which jobs {@link JobStore#list} returns: those in {@code states} (all when empty) and, when {@code group} is given,
 * of that group, newest first, at most {@code limit}.
 *
 * @param states the states to include; empty means every state
 * @param limit the most rows to return, at least 1
 * @param group only jobs of this group ({@link dev.lifeline.JobSpec#group()}), or {@code null} for every group
 */
public record JobQuery(Set<JobState> states, int limit, String group) {

  /** The limit of {@link #all()} and {@link #inStates}. */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * Copies the states ({@code null} means every state) and checks the limit.
   *
   * @param states the states to include; empty means every state
   * @param limit the most rows to return, at least 1
   * @param group only this group's jobs, or {@code null}
   * @throws IllegalArgumentException when the limit is below 1
   * @throws dev.lifeline.InvalidJobSpecException when {@code group} is not a group name
   */
  public JobQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (group != null) {
      dev.lifeline.JobSpec.checkGroupName(group);
    }
  }

  /**
   * Every job, up to {@link #DEFAULT_LIMIT}.
   *
   * @return the query
   */
  /**
   * A query of every group.
   *
   * @param states the states to include; empty means every state
   * @param limit the most rows to return, at least 1
   */
  public JobQuery(Set<JobState> states, int limit) {
    this(states, limit, null);
  }

  /**
   * This query, for one group's jobs only.
   *
   * @param g the group, or {@code null} for every group
   * @return the narrowed query
   */
  public JobQuery withGroup(String g) {
    return new JobQuery(states, limit, g);
  }

  /**
   * Whether {@code job} is one this query selects (its limit aside).
   *
   * @param job a job
   * @return whether its state and group match
   */
  public boolean matches(dev.lifeline.Job job) {
    return matches(job.state()) && (group == null || group.equals(job.spec().group()));
  }

  public static JobQuery all() {
    return new JobQuery(Set.of(), DEFAULT_LIMIT);
  }

  /**
   * The jobs in {@code states}, up to {@link #DEFAULT_LIMIT}.
   *
   * @param states the states; none means every state
   * @return the query
   */
  public static JobQuery inStates(JobState... states) {
    return new JobQuery(Set.of(states), DEFAULT_LIMIT);
  }

  /**
   * This query with another limit.
   *
   * @param limit at least 1
   * @return a copy
   */
  public JobQuery withLimit(int limit) {
    return new JobQuery(states, limit, group);
  }

  /**
   * True when {@code state} passes the state filter.
   *
   * @param state a job's state
   * @return whether the query includes it
   */
  public boolean matches(JobState state) {
    return states.isEmpty() || states.contains(state);
  }
}
