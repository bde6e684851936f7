package dev.lifeline.internal;

import dev.lifeline.Backoff;
import dev.lifeline.JobEvent;
import dev.lifeline.TransitionTable.NamedGuard;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Verifier;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated options of {@link dev.lifeline.Lifecycle.Builder}, frozen at build time. Immutable.
 *
 * @param actor the actor recorded when an event names none; {@code null} for {@code host:pid}, looked up when first
 *     needed (a host-name lookup that a read never pays for)
 * @param verifiers the custom verifiers by name, in registration order (unmodifiable)
 */
public record LifecycleSettings(JobStore store, Clock clock, String actor, Backoff backoff,
    int maxConcurrent, Map<JobEvent, List<NamedGuard>> guards, List<LifelineListener> listeners,
    Map<String, Verifier> verifiers) {

  public LifecycleSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(backoff, "backoff");
    guards = Map.copyOf(guards);
    listeners = List.copyOf(listeners);
    verifiers = Collections.unmodifiableMap(new LinkedHashMap<>(verifiers));
  }

  /** The same options over another store, telling no listener (the supervisor's planning pass uses this). */
  public LifecycleSettings overStore(JobStore other) {
    return new LifecycleSettings(other, clock, actor, backoff, maxConcurrent, guards, List.of(), verifiers);
  }
}
