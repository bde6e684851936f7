package dev.lifeline;

import java.util.Optional;

/**
 * A condition an event must meet. Guards are pure: they read the {@link GuardContext} and write nothing (no store,
 * no tmux). A guard that throws refuses the event with {@link TransitionFailedException}, keeping the cause.
 * Implementations must be thread-safe: a lifecycle calls its guards from whichever thread fires an event.
 */
@FunctionalInterface
public interface JobGuard {

  /**
   * Empty to allow the event; otherwise the one-line reason it is refused.
   *
   * @param context the job, the event and what the caller supplied
   * @return empty to allow; the reason to refuse
   */
  Optional<String> check(GuardContext context);

  /**
   * What a guard returns to allow the event.
   *
   * @return empty
   */
  static Optional<String> allow() {
    return Optional.empty();
  }

  /**
   * What a guard returns to refuse the event.
   *
   * @param reason the one-line reason
   * @return the reason
   */
  static Optional<String> refuse(String reason) {
    return Optional.of(reason);
  }
}
