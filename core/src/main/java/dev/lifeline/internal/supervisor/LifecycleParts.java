package dev.lifeline.internal.supervisor;

import dev.lifeline.Lifecycle;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.internal.DefaultLifecycle;
import dev.lifeline.spi.JobStore;
import java.util.List;

/**
 * What the supervisor needs of a lifecycle beyond its API: the store it writes (for the lease and the readable
 * listing), its listeners (which hear the supervisor's notices too), its commits (which wake the supervisor's wait) and its rules over another store (for a plan).
 * Stateless.
 */
final class LifecycleParts {

  private LifecycleParts() {}

  static JobStore store(Lifecycle lifecycle) {
    return DefaultLifecycle.storeOf(lifecycle);
  }

  static List<LifelineListener> listeners(Lifecycle lifecycle) {
    return lifecycle instanceof DefaultLifecycle d ? d.listeners() : List.of();
  }

  /**
   * Runs {@code observer} after each change the lifecycle commits (nothing for a lifecycle of another making).
   *
   * @return run it to unsubscribe
   */
  static Runnable onCommit(Lifecycle lifecycle, Runnable observer) {
    return lifecycle instanceof DefaultLifecycle d ? d.onCommit(observer) : () -> { };
  }

  /**
   * The lifecycle's rules over {@code store}, telling no listener.
   *
   * @throws IllegalStateException for a lifecycle not built by {@link Lifecycle#builder()}
   */
  static Lifecycle over(Lifecycle lifecycle, JobStore store) {
    if (lifecycle instanceof DefaultLifecycle d) {
      return d.over(store);
    }
    throw new IllegalStateException("a plan needs a Lifecycle built by Lifecycle.builder()");
  }
}
