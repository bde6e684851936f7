package dev.lifeline;

import java.time.Instant;
import java.util.Objects;

/**
 * A hook a store keeps for all of its jobs, or for one group's: when a change of such a job matches {@code on}, a
 * {@link Delivery} to {@code target} is written in the same transaction as the change. Immutable.
 *
 * @param id the hook's id in its store (positive)
 * @param on which changes call it
 * @param group the group whose jobs it is for, or {@code null} for every job
 * @param target what it calls
 * @param actor who added it, or {@code null}
 * @param createdAt when it was added
 */
public record Hook(long id, HookTrigger on, String group, HookTarget target, String actor, Instant createdAt) {
  /**
   * @param id the hook's id (positive)
   * @param on which changes call it
   * @param group the group, or {@code null}
   * @param target what it calls
   * @param actor who added it, or {@code null}
   * @param createdAt when it was added
   * @throws NullPointerException when a required field is {@code null}
   * @throws InvalidJobSpecException when the group name is not valid
   */
  public Hook {
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(createdAt, "createdAt");
    if (group != null) {
      JobSpec.checkGroupName(group);
    }
  }

  /**
   * Whether a change of {@code next} calls this hook: the job is in its group (when it has one) and the change
   * matches its trigger.
   *
   * @param next the job as the change wrote it
   * @param transition the change's history row
   * @return {@code true} when a delivery is due
   */
  public boolean matches(Job next, Transition transition) {
    return (group == null || group.equals(next.spec().group())) && on.matches(next, transition);
  }
}
