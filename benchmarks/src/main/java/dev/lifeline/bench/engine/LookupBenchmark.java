package dev.lifeline.bench.engine;

import dev.lifeline.GuardContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.TransitionTable;
import dev.lifeline.internal.BenchEngines;
import java.util.function.Function;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ceiling for {@link EngineBenchmark}: the same six decisions by the table engine (table lookup plus the same
 * guards and typed outcomes) and by a bare two-level {@code EnumMap} lookup (no guards, no edge object).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class LookupBenchmark {

  private List<GuardContext> cycle;
  private int next;
  private Function<GuardContext, TransitionTable.Edge> table;
  private EnumMap<JobState, EnumMap<JobEvent, JobState>> enumMap;

  @Setup
  public void setUp() {
    cycle = Decisions.cycle();
    table = BenchEngines.decider(BenchEngines.Kind.TABLE);
    enumMap = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      enumMap.put(s, new EnumMap<>(JobEvent.class));
    }
    for (TransitionTable.Edge e : TransitionTable.standard().edges()) {
      if (e.from() != null) {
        enumMap.get(e.from()).putIfAbsent(e.event(), e.to());
      }
    }
  }

  private GuardContext nextDecision() {
    GuardContext c = cycle.get(next);
    next = next + 1 == cycle.size() ? 0 : next + 1;
    return c;
  }

  @Benchmark
  public TransitionTable.Edge tableEngine() {
    return table.apply(nextDecision());
  }

  @Benchmark
  public JobState enumMap() {
    GuardContext c = nextDecision();
    return enumMap.get(c.job().state()).get(c.event());
  }
}
