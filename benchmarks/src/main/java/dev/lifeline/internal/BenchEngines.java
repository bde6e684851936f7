package dev.lifeline.internal;

import dev.lifeline.Backoff;
import dev.lifeline.GuardContext;
import dev.lifeline.Lifecycle;
import dev.lifeline.TransitionTable;
import dev.lifeline.spi.JobStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The benchmarks' hook into the engines, which are package-private in core and not API: it lives in the benchmarks
 * jar (same package name, on the class path), so nothing of it ships in core's jar. Stateless.
 */
public final class BenchEngines {

  /** The engines a benchmark can compare: the state machine (what {@link Lifecycle#builder()} uses) and the table. */
  public enum Kind { STATE_MACHINE, TABLE }

  private BenchEngines() {}

  /** One decision by {@code kind}, with no user guards: the edge taken, or the typed refusal thrown. */
  public static Function<GuardContext, TransitionTable.Edge> decider(Kind kind) {
    Engine e = engine(kind, Map.of());
    return e::decide;
  }

  /** A lifecycle over {@code store} deciding with {@code kind} (default backoff, no limit, no listener). */
  public static Lifecycle lifecycle(Kind kind, JobStore store, Clock clock, String actor) {
    LifecycleSettings s = new LifecycleSettings(store, clock, actor, Backoff.defaults(), Integer.MAX_VALUE, Map.of(),
        List.of(), Map.of());
    return new DefaultLifecycle(s, guards -> engine(kind, guards));
  }

  private static Engine engine(Kind kind, Map<dev.lifeline.JobEvent, List<TransitionTable.NamedGuard>> guards) {
    return kind == Kind.TABLE ? new TableEngine(TransitionTable.standard(), guards) : new SsmEngine(guards);
  }
}
