package dev.lifeline.internal.supervisor;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Who hears what a supervisor does, ignoring a listener's own failure (see {@link LifelineListener}). The lifecycle's
 * listeners hear every transition from the lifecycle itself, and every notice from here; a listener registered only
 * on the supervisor also hears the transitions this supervisor commits. A listener registered on both hears each
 * thing once. Immutable.
 */
final class Listeners {

  private static final Listeners NONE = new Listeners(List.of(), List.of());

  /** Hear notices: the lifecycle's listeners and the supervisor's, each once. */
  private final List<LifelineListener> noticed;
  /** Hear this supervisor's transitions from here: the supervisor's listeners that the lifecycle does not tell. */
  private final List<LifelineListener> retold;

  Listeners(List<LifelineListener> supervisorListeners, List<LifelineListener> lifecycleListeners) {
    Set<LifelineListener> onLifecycle = Collections.newSetFromMap(new IdentityHashMap<>());
    onLifecycle.addAll(lifecycleListeners);
    Set<LifelineListener> all = Collections.newSetFromMap(new IdentityHashMap<>());
    List<LifelineListener> noticed = new ArrayList<>();
    List<LifelineListener> retold = new ArrayList<>();
    for (LifelineListener l : lifecycleListeners) {
      if (all.add(l)) {
        noticed.add(l);
      }
    }
    for (LifelineListener l : supervisorListeners) {
      if (all.add(l)) {
        noticed.add(l);
        retold.add(l);
      }
    }
    this.noticed = List.copyOf(noticed);
    this.retold = List.copyOf(retold);
  }

  /** Nobody: what a plan tells. */
  static Listeners none() {
    return NONE;
  }

  /** True when someone needs this supervisor's transitions retold. */
  boolean retellsTransitions() {
    return !retold.isEmpty();
  }

  void transition(TransitionEvent event) {
    for (LifelineListener l : retold) {
      try {
        l.onTransition(event);
      } catch (RuntimeException ignored) {
        // A listener's failure must not undo or stop a committed transition.
      }
    }
  }

  void notice(Notice notice) {
    for (LifelineListener l : noticed) {
      try {
        l.onNotice(notice);
      } catch (RuntimeException ignored) {
        // A listener's failure must not stop the pass.
      }
    }
  }
}
