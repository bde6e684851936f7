package dev.lifeline;

import java.util.Objects;

/**
 * A hook that belongs to one job ({@link JobSpec#hooks()}): when a change of that job matches {@code on}, a
 * {@link Delivery} to {@code target} is written in the same transaction as the change. Immutable.
 *
 * @param on which changes call it
 * @param target what it calls
 */
public record JobHook(HookTrigger on, HookTarget target) {
  /**
   * @param on which changes call it
   * @param target what it calls
   * @throws NullPointerException when either is {@code null}
   */
  public JobHook {
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(target, "target");
  }
}
