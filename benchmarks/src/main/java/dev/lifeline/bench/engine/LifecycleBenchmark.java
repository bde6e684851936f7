package dev.lifeline.bench.engine;

import dev.lifeline.EventContext;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.internal.BenchEngines;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Instant;
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
 * One whole job per op through {@link Lifecycle} on the in-memory store: submit, then {@code fire} START, EXITED(0)
 * and PASS (one insert and three compare-and-sets with their history rows). {@link #storeOnly} writes the same four
 * rows straight into the store with no decision: the ceiling. The store is replaced every 64 jobs so the START
 * guard's running count stays small.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class LifecycleBenchmark {

  /** STATE_MACHINE is the engine {@code Lifecycle.builder()} uses (pooled machines); TABLE the oracle. */
  @Param({"STATE_MACHINE", "TABLE"})
  public String engine;

  private static final JobSpec SPEC = JobSpec.builder("true").name("bench").build();
  private final MutableClock clock = MutableClock.startingAt2026();
  private Lifecycle lifecycle;
  private InMemoryJobStore store;
  private int jobs;

  @Setup
  public void setUp() {
    renew();
    Job done = cycle();
    if (done.state() != JobState.COMPLETED) {
      throw new IllegalStateException("the cycle did not complete: " + done);
    }
  }

  private void renew() {
    store = new InMemoryJobStore();
    lifecycle = BenchEngines.lifecycle(BenchEngines.Kind.valueOf(engine), store, clock, "bench");
    jobs = 0;
  }

  @Benchmark
  public Job cycle() {
    if (++jobs == 64) {
      renew();
    }
    Job j = lifecycle.submit(SPEC).job();
    j = lifecycle.fire(j, JobEvent.START, EventContext.none()).job();
    j = lifecycle.fire(j, JobEvent.EXITED, EventContext.exitCode(0)).job();
    return lifecycle.fire(j, JobEvent.PASS, EventContext.none()).job();
  }

  /** The same four rows written without deciding anything (engine parameter ignored). */
  @Benchmark
  public Job storeOnly() {
    if (++jobs == 64) {
      renew();
    }
    Instant now = clock.instant();
    Job j = store.insert(SPEC, null, now).job();
    j = write(j, JobState.PROCESSING, JobEvent.START, now);
    j = write(j, JobState.VERIFICATION, JobEvent.EXITED, now);
    return write(j, JobState.COMPLETED, JobEvent.PASS, now);
  }

  private Job write(Job j, JobState to, JobEvent event, Instant now) {
    Job next = j.toBuilder().state(to).version(j.version() + 1).updatedAt(now).build();
    if (!store.compareAndSet(j, next, new Transition(j.id(), next.attempt(), j.state(), to, event, null, null, "bench",
        now))) {
      throw new IllegalStateException("lost a race with nobody");
    }
    return next;
  }
}
