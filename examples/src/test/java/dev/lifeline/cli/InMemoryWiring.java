package dev.lifeline.cli;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The CLI over the test harness: an in-memory store, a fake runtime and a mutable clock. A store opened for reading
 * refuses every write, so a read command that tried one would fail its test.
 */
final class InMemoryWiring implements Wiring {

  final MutableClock clock = MutableClock.startingAt2026();
  final InMemoryJobStore store = new InMemoryJobStore();
  final FakeSessionRuntime runtime = new FakeSessionRuntime(clock);
  int readOpens;
  int writeOpens;
  RuntimeException failOpen;
  RuntimeException failRuntime;

  /** A lifecycle for a test to move jobs with (no limit). */
  Lifecycle lifecycle() {
    return Lifecycle.builder().store(store).clock(clock).actor("test").build();
  }

  @Override
  public Path database() {
    return Path.of("memory.db");
  }

  @Override
  public String socket() {
    return "test";
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public JobStore openForRead() {
    readOpens++;
    if (failOpen != null) {
      throw failOpen;
    }
    return new ReadOnly(store);
  }

  @Override
  public JobStore openForWrite() {
    writeOpens++;
    if (failOpen != null) {
      throw failOpen;
    }
    return store;
  }

  @Override
  public Lifecycle lifecycle(JobStore s) {
    return Lifecycle.builder().store(s).clock(clock).build();
  }

  @Override
  public SessionRuntime runtime() {
    if (failRuntime != null) {
      throw failRuntime;
    }
    return runtime;
  }

  @Override
  public String checkRuntime() {
    if (failRuntime != null) {
      throw failRuntime;
    }
    return "fake";
  }

  @Override
  public Path logFile(JobId id, int attempt) {
    return Path.of("memory.db.runs", id + "-" + attempt + ".log");
  }

  @Override
  public List<Check> doctor() {
    List<Check> checks = new java.util.ArrayList<>();
    try {
      checks.add(Check.ok("runtime", checkRuntime()));
    } catch (dev.lifeline.RuntimeUnavailableException e) {
      checks.add(Check.failed("runtime", e.getMessage(), ExitCodes.TMUX));
    }
    checks.add(failOpen == null ? Check.ok("database", "in memory")
        : Check.failed("database", failOpen.getMessage(), ExitCodes.STORE));
    return checks;
  }

  /** Every read passes through; every write fails the test. */
  private record ReadOnly(JobStore d) implements JobStore {
    @Override
    public Inserted insert(JobSpec spec, String key, Instant now, String actor) {
      throw new AssertionError("a read command inserted a job");
    }

    @Override
    public Optional<Job> find(JobId id) {
      return d.find(id);
    }

    @Override
    public List<Job> list(JobQuery q) {
      return d.list(q);
    }

    @Override
    public List<Job> listReadable(JobQuery q, java.util.function.Consumer<dev.lifeline.spi.UnreadableRow> unreadable) {
      return d.listReadable(q, unreadable);
    }

    @Override
    public Optional<Job> claimNext(Instant now, int max, ClaimDecider start) {
      throw new AssertionError("a read command claimed a job");
    }

    @Override
    public boolean compareAndSet(Job expected, Job next, Transition t) {
      throw new AssertionError("a read command changed a job");
    }

    @Override
    public List<Transition> history(JobId id) {
      return d.history(id);
    }

    @Override
    public Map<JobState, Long> counts() {
      return d.counts();
    }

    @Override
    public LeaseStore leases() {
      LeaseStore l = d.leases();
      return new LeaseStore() {
        @Override
        public Optional<Lease> current() {
          return l.current();
        }

        @Override
        public Optional<Lease> tryAcquire(Lease c, Instant now, Duration stale, Predicate<Lease> gone) {
          throw new AssertionError("a read command took the lease");
        }

        @Override
        public boolean heartbeat(String holder, Instant now) {
          throw new AssertionError("a read command renewed the lease");
        }

        @Override
        public void release(String holder) {
          throw new AssertionError("a read command released the lease");
        }

        @Override
        public void recordPass(String holder, Instant at, String problem) {
          throw new AssertionError("a read command recorded a pass");
        }

        @Override
        public Optional<dev.lifeline.spi.PassRecord> lastPass() {
          return l.lastPass();
        }
      };
    }

    @Override
    public void close() {}
  }
}
