package dev.lifeline;

import java.util.Objects;

/**
 * A group's persisted settings: how many of its jobs may run at once, and whether it is paused (its QUEUED jobs do
 * not start). A group no one has configured has {@link #open}'s: no limit of its own, not paused. The supervisor's
 * {@code maxConcurrent} stays the cap over every group. Immutable.
 *
 * @param name the group, as {@link JobSpec#group()} names it
 * @param maxConcurrent the most of its jobs that may be PROCESSING at once (at least 1), or {@code null} for no limit
 *     of its own
 * @param paused whether its QUEUED jobs are kept from starting
 */
public record GroupSettings(String name, Integer maxConcurrent, boolean paused) {

  /**
   * Checks the name and the limit.
   *
   * @param name the group
   * @param maxConcurrent at least 1, or {@code null}
   * @param paused whether it is paused
   * @throws InvalidJobSpecException (field {@code group}) when the name is not a group name
   * @throws IllegalArgumentException when {@code maxConcurrent} is less than 1
   */
  public GroupSettings {
    Objects.requireNonNull(name, "name");
    JobSpec.checkGroupName(name);
    if (maxConcurrent != null && maxConcurrent < 1) {
      throw new IllegalArgumentException("a group's max concurrent must be at least 1, got " + maxConcurrent);
    }
  }

  /**
   * The settings of a group no one has configured.
   *
   * @param name the group
   * @return no limit of its own, not paused
   */
  public static GroupSettings open(String name) {
    return new GroupSettings(name, null, false);
  }

  /**
   * These settings with another limit.
   *
   * @param limit at least 1, or {@code null} for none
   * @return the changed settings
   */
  public GroupSettings withMaxConcurrent(Integer limit) {
    return new GroupSettings(name, limit, paused);
  }

  /**
   * These settings, paused or resumed.
   *
   * @param p whether paused
   * @return the changed settings
   */
  public GroupSettings withPaused(boolean p) {
    return new GroupSettings(name, maxConcurrent, p);
  }
}
