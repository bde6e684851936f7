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

  public static final int DEFAULT_LIMIT = 1000;

  public JobQuery {
    states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  public static JobQuery all() {
    return new JobQuery(Set.of(), DEFAULT_LIMIT);
  }

  public static JobQuery inStates(JobState... states) {
    return new JobQuery(Set.of(states), DEFAULT_LIMIT);
  }

  public JobQuery withLimit(int limit) {
    return new JobQuery(states, limit);
  }

  /** True when {@code state} passes the state filter. */
  public boolean matches(JobState state) {
    return states.isEmpty() || states.contains(state);
  }
}
