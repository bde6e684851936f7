package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator verbs on {@link Lifecycle}: what each writes, and the one re-read after a lost race. */
class OperatorVerbsTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final RacingStore store = new RacingStore(new InMemoryJobStore());
  private final Lifecycle lc = Lifecycle.builder().store(store).clock(clock).actor("supervisor").build();
  /** Another process on the same store: the one that wins the races. */
  private final Lifecycle other = Lifecycle.builder().store(store.delegate).clock(clock).actor("other").build();

  private Job queued(int maxAttempts) {
    return lc.submit(JobSpec.builder("make").name("make").maxAttempts(maxAttempts).build()).job();
  }

  private Job verifying() {
    Job j = queued(1);
    j = lc.fire(j, JobEvent.START, EventContext.none()).job();
    return lc.fire(j, JobEvent.EXITED, EventContext.exitCode(0)).job();
  }

  @Test
  void cancelFailsTheJobAsCancelledWithTheReasonAndTheActor() {
    Job job = queued(3);

    JobChange change = lc.cancel(job.id(), "superseded by 43", "alice");

    assertThat(change.job().state()).isEqualTo(JobState.FAILED);
    assertThat(change.job().failureReason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(change.job().failureDetail()).isEqualTo("superseded by 43");
    assertThat(change.transition().actor()).isEqualTo("alice");
    assertThat(change.transition().event()).isEqualTo(JobEvent.CANCEL);
  }

  @Test
  void cancelWithoutAReasonOrActorRecordsCancelledByTheLifecyclesActor() {
    Job job = queued(1);

    JobChange change = lc.cancel(job.id(), null, null);

    assertThat(change.job().failureDetail()).isEqualTo("cancelled");
    assertThat(change.transition().actor()).isEqualTo("supervisor");
  }

  @Test
  void retryQueuesAFailedJobAtOnceEvenWhenItsAttemptsAreUsedUp() {
    Job job = lc.fire(queued(1), JobEvent.START, EventContext.none()).job();
    lc.fire(job, JobEvent.EXITED, EventContext.exitCode(2));

    JobChange change = lc.retry(job.id(), "flaky network", "alice");

    assertThat(change.job().state()).isEqualTo(JobState.QUEUED);
    assertThat(change.job().notBefore()).isEqualTo(clock.instant());
    assertThat(change.transition().detail()).isEqualTo("flaky network");
    assertThat(change.transition().actor()).isEqualTo("alice");
  }

  @Test
  void retryOfACancelledJobIsRefusedAndWritesNothing() {
    Job job = queued(3);
    lc.cancel(job.id(), null, "alice");
    int rows = lc.history(job.id()).size();

    assertThatThrownBy(() -> lc.retry(job.id(), null, "alice")).isInstanceOf(GuardRejectedException.class);
    assertThat(lc.history(job.id())).hasSize(rows);
    assertThat(lc.get(job.id()).state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void approveCompletesAJobInVerification() {
    Job job = verifying();

    JobChange change = lc.approve(job.id(), "checked the report", "alice");

    assertThat(change.job().state()).isEqualTo(JobState.COMPLETED);
    assertThat(change.transition().detail()).isEqualTo("checked the report");
    assertThat(change.transition().actor()).isEqualTo("alice");
  }

  @Test
  void approvingAQueuedJobIsAnIllegalTransition() {
    Job job = queued(1);

    assertThatThrownBy(() -> lc.approve(job.id(), null, "alice")).isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void rejectFailsAJobInVerificationWithTheReasonAsDetail() {
    Job job = verifying();

    JobChange change = lc.reject(job.id(), "report is empty", "alice");

    assertThat(change.job().failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
    assertThat(change.job().failureDetail()).isEqualTo("report is empty");
    assertThat(change.transition().reason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
  }

  @Test
  void rejectWithoutAReasonIsRefusedBeforeAnythingIsWritten() {
    Job job = verifying();

    assertThatThrownBy(() -> lc.reject(job.id(), " ", "alice")).isInstanceOf(IllegalArgumentException.class);
    assertThat(lc.get(job.id())).isEqualTo(job);
  }

  @Test
  void aVerbOnAnUnknownJobIsNotFound() {
    assertThatThrownBy(() -> lc.cancel(JobId.of(99), null, null)).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void aLostRaceIsReadAgainOnceAndTheVerbAppliesToTheRowAsItIsNow() {
    Job job = queued(1);
    // Between the verb's read and its write, another process starts the job.
    store.beforeWrites.add(() -> other.startNext(1).orElseThrow());

    JobChange change = lc.cancel(job.id(), "no longer needed", "alice");

    assertThat(change.transition().from()).isEqualTo(JobState.PROCESSING);
    assertThat(change.job().state()).isEqualTo(JobState.FAILED);
    assertThat(lc.history(job.id())).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.CANCEL);
    assertThat(store.lostWrites).isEqualTo(1);
  }

  @Test
  void aSecondLostRaceIsThrownAndOnlyTheWinnersRowsAreWritten() {
    Job job = lc.fire(queued(1), JobEvent.START, EventContext.none()).job();
    store.beforeWrites.add(() -> other.fire(job.id(), JobEvent.EXITED, EventContext.exitCode(0)));
    store.beforeWrites.add(() -> other.fire(job.id(), JobEvent.PASS, EventContext.none()));

    ConcurrentTransitionException lost = catchThrowableOfType(
        () -> lc.cancel(job.id(), null, "alice"), ConcurrentTransitionException.class);

    assertThat(lost).isNotNull();
    assertThat(store.lostWrites).isEqualTo(2);
    assertThat(lc.get(job.id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(lc.history(job.id())).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void aLostRaceThatLeavesTheVerbNoEdgeIsRefusedOnTheFreshRow() {
    Job job = verifying();
    store.beforeWrites.add(() -> other.fire(job.id(), JobEvent.PASS, EventContext.none()));

    assertThatThrownBy(() -> lc.approve(job.id(), null, "alice")).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("COMPLETED");
  }

  /**
   * A store whose next compare-and-sets first run the queued actions (another process writing the same job), so the
   * lifecycle's snapshot is stale when its write arrives. Not thread-safe.
   */
  private static final class RacingStore implements JobStore {
    final InMemoryJobStore delegate;
    final Deque<Runnable> beforeWrites = new ArrayDeque<>();
    int lostWrites;

    RacingStore(InMemoryJobStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean compareAndSet(Job expected, Job next, Transition transition) {
      Runnable racer = beforeWrites.poll();
      if (racer != null) {
        racer.run();
      }
      boolean written = delegate.compareAndSet(expected, next, transition);
      if (!written) {
        lostWrites++;
      }
      return written;
    }

    @Override
    public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
      return delegate.insert(spec, idempotencyKey, now, actor);
    }

    @Override
    public Optional<Job> find(JobId id) {
      return delegate.find(id);
    }

    @Override
    public List<Job> list(JobQuery query) {
      return delegate.list(query);
    }

    @Override
    public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
      return delegate.claimNext(now, maxConcurrent, start);
    }

    @Override
    public List<Transition> history(JobId id) {
      return delegate.history(id);
    }

    @Override
    public Map<JobState, Long> counts() {
      return delegate.counts();
    }

    @Override
    public LeaseStore leases() {
      return delegate.leases();
    }

    @Override
    public void close() {}
  }
}
