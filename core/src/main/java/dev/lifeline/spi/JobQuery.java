package dev.lifeline.spi;

import dev.lifeline.JobState;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which jobs {@link JobStore#list} returns: those in {@code states} (all when empty), newest first, at most
 * {@code limit}.
 *
 * @param states the states to include; empty means every state
 * @param limit the most rows to return, at least 1
 */
public record JobQuery(Set<JobState> states, int limit) {

  /** The limit of {@link #all()} and {@link #inStates}. */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * Copies the states ({@code null} means every state) and checks the limit.
   *
   * @param states the states to include; empty means every state
   * @param limit the most rows to return, at least 1
   * @throws IllegalArgumentException when the limit is below 1
   */
  public JobQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /**
   * Every job, up to {@link #DEFAULT_LIMIT}.
   *
   * @return the query
   */
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
    return new JobQuery(states, limit);
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
