package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.HealthQuery;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.LifelineView;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobStore;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.LifecycleHarness;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a pass reads follows the live work, not the history: the same live jobs beside no ended
 * jobs and beside 10,000 of them (completed, cancelled, failed with no attempts left) make one pass, a plan, the
 * idle check and the health view call the store exactly as often and read exactly as many rows.
 */
class PassReadsTest {

  private static final int HISTORY = 10_000;

  @Test
  void onePassReadsTheSameWhateverTheNumberOfEndedJobs() {
    assertThat(tally(HISTORY, Step.TICK)).isEqualTo(tally(0, Step.TICK)).isNotEmpty();
  }

  @Test
  void onePlanReadsTheSameWhateverTheNumberOfEndedJobs() {
    assertThat(tally(HISTORY, Step.PLAN)).isEqualTo(tally(0, Step.PLAN)).isNotEmpty();
  }

  @Test
  void theIdleCheckReadsTheSameWhateverTheNumberOfEndedJobs() {
    assertThat(tally(HISTORY, Step.IDLE)).isEqualTo(tally(0, Step.IDLE)).isNotEmpty();
  }

  @Test
  void theHealthViewReadsTheSameWhateverTheNumberOfEndedJobs() {
    assertThat(tally(HISTORY, Step.HEALTH)).isEqualTo(tally(0, Step.HEALTH)).isNotEmpty();
  }

  @Test
  void aPassStillRetriesTheOneRetryableJobAmongTheEndedOnes() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InMemoryJobStore memory = new InMemoryJobStore();
    seedHistory(memory, HISTORY, clock.instant());
    LifecycleHarness h = LifecycleHarness.builder().store(memory).clock(clock).build();
    JobId flaky = h.submit(job("flaky", 2)).id();
    h.tick();
    h.endSession(flaky, 1);

    h.tick();
    h.advance(Duration.ofMinutes(10)).tick();

    assertThat(h.events(flaky)).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.RETRY,
        JobEvent.START);
    assertThat(memory.count(JobState.FAILED)).isEqualTo(HISTORY * 2 / 3);
  }

  private enum Step { TICK, PLAN, IDLE, HEALTH }

  /** The live work, beside {@code history} ended jobs; then the calls and rows of one {@code step}. */
  private static Map<String, String> tally(int history, Step step) {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InMemoryJobStore memory = new InMemoryJobStore();
    seedHistory(memory, history, clock.instant());
    CountingJobStore store = new CountingJobStore(memory);
    LifecycleHarness h = LifecycleHarness.builder().store(store).clock(clock)
        .supervisor(b -> b.maxConcurrent(2)).build();
    JobId exits = h.submit(job("exits")).id();
    h.submit(job("runs"));
    h.submit(job("waits"));
    h.submit(job("waits too", 3));
    h.tick();
    h.advance(Duration.ofMinutes(1)).endSession(exits, 0);
    h.tick(); // exits ends; "waits" starts
    h.advance(Duration.ofMinutes(1));
    store.reset();

    switch (step) {
      case TICK -> h.tick();
      case PLAN -> h.plan();
      case IDLE -> assertThat(h.supervisor().isIdle()).isFalse();
      case HEALTH -> LifelineView.builder().store(store).runtime(h.runtime()).clock(clock).build()
          .health(HealthQuery.defaults());
    }
    return store.tally();
  }

  /** {@code n} ended jobs: a third completed, a third cancelled, a third failed with their one attempt used. */
  static void seedHistory(JobStore store, int n, Instant at) {
    for (int i = 0; i < n; i++) {
      Job queued = store.insert(JobSpec.builder("old", "job" + i).name("old").build(), null, at).job();
      switch (i % 3) {
        case 0 -> end(store, started(store, queued, at), JobState.COMPLETED, JobEvent.PASS, null, at);
        case 1 -> end(store, queued, JobState.FAILED, JobEvent.CANCEL, FailureReason.CANCELLED, at);
        default -> end(store, started(store, queued, at), JobState.FAILED, JobEvent.EXITED,
            FailureReason.EXIT_CODE, at);
      }
    }
  }

  private static Job started(JobStore store, Job queued, Instant at) {
    Job next = queued.toBuilder().state(JobState.PROCESSING).attempt(1).session("old-" + queued.id().value())
        .startedAt(at).updatedAt(at).version(queued.version() + 1).build();
    assertThat(store.compareAndSet(queued, next, new Transition(queued.id(), 1, JobState.QUEUED,
        JobState.PROCESSING, JobEvent.START, null, null, "seed", at))).isTrue();
    return next;
  }

  private static void end(JobStore store, Job from, JobState to, JobEvent event, FailureReason reason, Instant at) {
    Job next = from.toBuilder().state(to).failureReason(reason).exitCode(reason == FailureReason.EXIT_CODE ? 1 : null)
        .finishedAt(at).updatedAt(at).version(from.version() + 1).build();
    assertThat(store.compareAndSet(from, next, new Transition(from.id(), from.attempt(), from.state(), to, event,
        reason, null, "seed", at))).isTrue();
  }
}
