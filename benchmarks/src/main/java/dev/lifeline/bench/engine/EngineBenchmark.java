package dev.lifeline.bench.engine;

import dev.lifeline.GuardContext;
import dev.lifeline.TransitionTable;
import dev.lifeline.internal.BenchEngines;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision (state × event → edge, guards evaluated) through Spring Statemachine (its pooled machines, the one
 * shape core keeps; the other shapes were measured in BENCHMARKS.md §1 and removed); compare with
 * {@link LookupBenchmark}, the same decisions by a plain table lookup. Each op takes the next of six decisions that
 * leave different states or take different edges.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class EngineBenchmark {

  private List<GuardContext> cycle;
  private int next;
  private Function<GuardContext, TransitionTable.Edge> ssm;

  @Setup
  public void setUp() {
    cycle = Decisions.cycle();
    ssm = BenchEngines.decider(BenchEngines.Kind.STATE_MACHINE);
    Function<GuardContext, TransitionTable.Edge> table = BenchEngines.decider(BenchEngines.Kind.TABLE);
    for (GuardContext c : cycle) {
      if (ssm.apply(c) != table.apply(c)) {
        throw new IllegalStateException("engines disagree on " + c);
      }
    }
  }

  private GuardContext nextDecision() {
    GuardContext c = cycle.get(next);
    next = next + 1 == cycle.size() ? 0 : next + 1;
    return c;
  }

  @Benchmark
  public TransitionTable.Edge stateMachine() {
    return ssm.apply(nextDecision());
  }
}
