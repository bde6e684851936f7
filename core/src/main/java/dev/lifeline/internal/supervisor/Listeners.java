package dev.lifeline.internal.supervisor;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import java.util.List;

/** Tells every listener, ignoring a listener's own failure (see {@link LifelineListener}). Immutable. */
final class Listeners {

  private final List<LifelineListener> listeners;

  Listeners(List<LifelineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void transition(TransitionEvent event) {
    for (LifelineListener l : listeners) {
      try {
        l.onTransition(event);
      } catch (RuntimeException ignored) {
        // A listener's failure must not undo or stop a committed transition.
      }
    }
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
