package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.JobStore;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Lifecycle#fireAll} and {@link Lifecycle#startAll}: one batch, each change still its own compare-and-set. */
class BatchedFireTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final List<TransitionEvent> heard = new ArrayList<>();
  private final AtomicInteger batches = new AtomicInteger();
  private final InMemoryJobStore memory = new InMemoryJobStore();
  /** Counts the batched writes, so a test can tell one batch from many single writes. */
  private final JobStore store = new CountingBatches(memory, batches);

  private Lifecycle lifecycle(EngineChoice engine, int maxConcurrent, JobGuard startGuard) {
    Lifecycle.Builder b = Lifecycle.builder().store(store).clock(clock).actor("batch").maxConcurrent(maxConcurrent)
        .listener(new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent e) {
            heard.add(e);
          }
        });
    if (startGuard != null) {
      b.guard(JobEvent.START, "user", startGuard);
    }
    return engine.build(b);
  }

  private static JobSpec spec(String name) {
    return JobSpec.builder("true").name(name).build();
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void eachRequestGetsItsOwnResultAndOnlyCommittedChangesAreHeard(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, 10, null);
    Job exits = lc.fire(lc.submit(spec("exits")).job(), JobEvent.START, EventContext.none()).job();
    Job queued = lc.submit(spec("queued")).job();
    Job stale = lc.fire(lc.submit(spec("stale")).job(), JobEvent.START, EventContext.none()).job();
    Job staleNow = lc.fire(stale, JobEvent.CANCEL, EventContext.none()).job();
    Job fails = lc.fire(lc.submit(spec("fails")).job(), JobEvent.START, EventContext.none()).job();
    heard.clear();

    List<TransitionResult> results = lc.fireAll(List.of(
        new TransitionRequest(exits, JobEvent.EXITED, EventContext.exitCode(0)),
        new TransitionRequest(queued, JobEvent.PASS, null),
        new TransitionRequest(stale, JobEvent.EXITED, EventContext.exitCode(0)),
        new TransitionRequest(fails, JobEvent.EXITED, EventContext.exitCode(3))));

    assertThat(results).extracting(r -> r.request().expected().id())
        .containsExactly(exits.id(), queued.id(), stale.id(), fails.id());
    assertThat(results.get(0).change().job().state()).isEqualTo(JobState.VERIFICATION);
    assertThat(results.get(1).failure()).isInstanceOf(IllegalTransitionException.class);
    assertThat(results.get(2).failure()).isInstanceOf(ConcurrentTransitionException.class);
    assertThat(results.get(3).change().job().failureReason()).isEqualTo(FailureReason.EXIT_CODE);
    assertThat(lc.get(queued.id())).isEqualTo(queued);
    assertThat(lc.get(stale.id())).isEqualTo(staleNow);
    assertThat(heard).extracting(e -> e.job().id()).containsExactly(exits.id(), fails.id());
    assertThat(batches.get()).isEqualTo(1);
  }

  @Test
  void aBatchNamingOneJobTwiceIsRefusedBeforeAnythingIsWritten() {
    Lifecycle lc = lifecycle(EngineChoice.STATE_MACHINE, 10, null);
    Job a = lc.submit(spec("a")).job();
    Job b = lc.submit(spec("b")).job();
    heard.clear();

    assertThatThrownBy(() -> lc.fireAll(List.of(new TransitionRequest(a, JobEvent.CANCEL, null),
        new TransitionRequest(b, JobEvent.CANCEL, null), new TransitionRequest(a, JobEvent.START, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job " + a.id());

    assertThat(lc.get(a.id())).isEqualTo(a);
    assertThat(lc.get(b.id())).isEqualTo(b);
    assertThat(heard).isEmpty();
  }

  @Test
  void aGuardThatThrowsFailsOnlyItsOwnRequest() {
    Lifecycle lc = Lifecycle.builder().store(store).clock(clock)
        .guard(JobEvent.CANCEL, "picky", c -> {
          if (c.job().spec().name().equals("bad")) {
            throw new IllegalStateException("cannot judge this one");
          }
          return JobGuard.allow();
        }).build();
    Job good = lc.submit(spec("good")).job();
    Job bad = lc.submit(spec("bad")).job();

    List<TransitionResult> results = lc.fireAll(List.of(new TransitionRequest(bad, JobEvent.CANCEL, null),
        new TransitionRequest(good, JobEvent.CANCEL, null)));

    assertThat(results.get(0).failure()).isInstanceOf(TransitionFailedException.class)
        .hasMessageContaining("cannot judge this one");
    assertThat(results.get(1).committed()).isTrue();
    assertThat(lc.get(bad.id()).state()).isEqualTo(JobState.QUEUED);
    assertThat(lc.get(good.id()).state()).isEqualTo(JobState.FAILED);
  }

  @ParameterizedTest
  @EnumSource(EngineChoice.class)
  void startAllStartsWhatTheFreeSlotsAllowInClaimOrder(EngineChoice engine) {
    Lifecycle lc = lifecycle(engine, 3, null);
    lc.fire(lc.submit(spec("running")).job(), JobEvent.START, EventContext.none());
    JobId low = lc.submit(spec("low")).id();
    JobId high = lc.submit(JobSpec.builder("true").name("high").priority(5).build()).id();
    JobId waits = lc.submit(spec("waits")).id();
    heard.clear();

    List<JobChange> started = lc.startAll(3);

    assertThat(started).extracting(JobChange::id).containsExactly(high, low);
    assertThat(started).allSatisfy(c -> assertThat(lc.get(c.id())).isEqualTo(c.job()));
    assertThat(started).allSatisfy(c -> assertThat(c.transition().event()).isEqualTo(JobEvent.START));
    assertThat(lc.get(waits).state()).isEqualTo(JobState.QUEUED);
    assertThat(heard).extracting(e -> e.job().id()).containsExactly(high, low);
  }

  @Test
  void aStartGuardSeesTheJobsStartedEarlierInTheSameBatchAsRunning() {
    // One job per working directory at a time: a guard that reads the running jobs.
    JobGuard oneJobPerDirectory = c -> c.runningJobs().stream()
        .anyMatch(r -> r.spec().cwd().equals(c.job().spec().cwd()))
        ? JobGuard.refuse("another job runs in " + c.job().spec().cwd()) : JobGuard.allow();
    Lifecycle lc = lifecycle(EngineChoice.STATE_MACHINE, 10, oneJobPerDirectory);
    JobId first = lc.submit(JobSpec.builder("true").name("a1").cwd("/tmp/a").build()).id();
    lc.submit(JobSpec.builder("true").name("a2").cwd("/tmp/a").build());
    JobId other = lc.submit(JobSpec.builder("true").name("b1").cwd("/tmp/b").build()).id();

    List<JobChange> started = lc.startAll(10);

    assertThat(started).extracting(JobChange::id).containsExactly(first, other);
    assertThat(lc.counts().get(JobState.QUEUED)).isEqualTo(1);
  }

  /** The in-memory store, counting {@link JobStore#compareAndSetAll} calls. */
  private static final class CountingBatches implements JobStore {
    private final InMemoryJobStore d;
    private final AtomicInteger batches;

    CountingBatches(InMemoryJobStore d, AtomicInteger batches) {
      this.d = d;
      this.batches = batches;
    }

    @Override
    public List<Boolean> compareAndSetAll(List<Swap> swaps) {
      batches.incrementAndGet();
      return d.compareAndSetAll(swaps);
    }

    @Override
    public Inserted insert(JobSpec spec, String idempotencyKey, java.time.Instant now, String actor) {
      return d.insert(spec, idempotencyKey, now, actor);
    }

    @Override
    public java.util.Optional<Job> find(JobId id) {
      return d.find(id);
    }

    @Override
    public List<Job> list(dev.lifeline.spi.JobQuery query) {
      return d.list(query);
    }

    @Override
    public java.util.Optional<Job> claimNext(java.time.Instant now, int maxConcurrent, ClaimDecider start) {
      return d.claimNext(now, maxConcurrent, start);
    }

    @Override
    public boolean compareAndSet(Job expected, Job next, Transition transition) {
      return d.compareAndSet(expected, next, transition);
    }

    @Override
    public List<Transition> history(JobId id) {
      return d.history(id);
    }

    @Override
    public java.util.Map<JobState, Long> counts() {
      return d.counts();
    }

    @Override
    public dev.lifeline.spi.LeaseStore leases() {
      return d.leases();
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
