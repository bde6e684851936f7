package dev.lifeline.bench.engine;

import dev.lifeline.GuardContext;
import dev.lifeline.TransitionTable;
import dev.lifeline.internal.SsmEngine;
import dev.lifeline.internal.TableEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision (state × event → edge, guards evaluated) through each Spring Statemachine shape; compare with
 * {@link LookupBenchmark}, the same decisions by a plain table lookup. Each op takes the next of six decisions that
 * leave different states or take different edges.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class EngineBenchmark {

  @Param({"FRESH", "FRESH_UNSTOPPED", "THREAD_RESTART", "THREAD_RUNNING", "POOLED_RUNNING"})
  public String shape;

  private List<GuardContext> cycle;
  private int next;
  private SsmEngine ssm;

  @Setup
  public void setUp() {
    cycle = Decisions.cycle();
    ssm = new SsmEngine(Map.of(), SsmEngine.Shape.valueOf(shape));
    TableEngine table = new TableEngine(TransitionTable.standard(), Map.of());
    for (GuardContext c : cycle) {
      if (ssm.decide(c) != table.decide(c)) {
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
    return ssm.decide(nextDecision());
  }
}
