package dev.lifeline.bench.supervisor;

import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Observation;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One idle supervisor pass over N running jobs (nothing to change), on the in-memory store and the fake runtime,
 * next to its ceiling: the port calls such a pass cannot avoid (one observation, the lists of PROCESSING,
 * VERIFICATION and FAILED jobs, one claim attempt). The difference is the supervisor's own cost per pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SupervisorPassBenchmark {

  @Param({"10", "100"})
  int jobs;

  private InMemoryJobStore store;
  private FakeSessionRuntime runtime;
  private Supervisor supervisor;

  @Setup
  public void setUp() {
    MutableClock clock = MutableClock.startingAt2026();
    store = new InMemoryJobStore();
    runtime = new FakeSessionRuntime(clock);
    Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("bench").build();
    supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).maxConcurrent(jobs).build();
    for (int i = 0; i < jobs; i++) {
      lifecycle.submit(JobSpec.builder("sleep", "3600").name("idle-" + i).build());
    }
    PassReport first = supervisor.tick();
    if (store.counts().get(JobState.PROCESSING) != jobs || runtime.running().size() != jobs) {
      throw new IllegalStateException("setup did not start every job: " + first);
    }
    if (!supervisor.tick().isEmpty()) {
      throw new IllegalStateException("an idle pass is not empty");
    }
  }

  @Benchmark
  public PassReport idlePass() {
    return supervisor.tick();
  }

  @Benchmark
  public void ceilingPortCalls(Blackhole bh) {
    Observation o = runtime.observeAll();
    bh.consume(o);
    bh.consume(store.list(new JobQuery(Set.of(JobState.PROCESSING), Integer.MAX_VALUE)));
    bh.consume(store.list(new JobQuery(Set.of(JobState.VERIFICATION), Integer.MAX_VALUE)));
    bh.consume(store.list(new JobQuery(Set.of(JobState.FAILED), Integer.MAX_VALUE)));
    bh.consume(store.claimNext(o.at(), jobs, (candidate, running) -> Optional.empty()));
  }
}
