package dev.lifeline.internal.supervisor;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import java.util.List;

/**
 * Who hears a supervisor's notices: the lifecycle's listeners, the one place to listen (they hear every transition
 * from the lifecycle itself), ignoring a listener's own failure (see {@link LifelineListener}). Immutable.
 */
final class Listeners {

  private static final Listeners NONE = new Listeners(List.of());

  private final List<LifelineListener> listeners;

  Listeners(List<LifelineListener> lifecycleListeners) {
    this.listeners = List.copyOf(lifecycleListeners);
  }

  /** Nobody: what a plan tells. */
  static Listeners none() {
    return NONE;
  }

  void notice(Notice notice) {
    for (LifelineListener l : listeners) {
      try {
        l.onNotice(notice);
      } catch (RuntimeException ignored) {
        // A listener's failure must not stop the pass.
      }
    }
  }
}
