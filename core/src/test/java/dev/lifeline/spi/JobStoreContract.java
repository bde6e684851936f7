package dev.lifeline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Delivery;
import dev.lifeline.FailureReason;
import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobHook;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.SessionNames;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.JobStore.Change;
import dev.lifeline.spi.JobStore.Inserted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link JobStore} must pass (see the {@link JobStore} and {@link LeaseStore} javadoc). Subclass
 * it in a test and implement {@link #newStore()}; the suite opens one fresh, empty store per test and closes it
 * afterwards.
 *
 * <p>All instants used here have millisecond precision, as stores keep epoch milliseconds. The suite builds rows with
 * {@link Job#toBuilder()} and {@link Transition} directly; it depends on no lifecycle or engine code. Not
 * thread-safe (JUnit creates one instance per test).
 */
public abstract class JobStoreContract {

  /** The base instant of every test: 2026-03-01T10:00:00.123Z. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

  private static final String OWNER = "contract-host:4242";

  /** The store under test, opened by {@link #newStore()} before each test. */
  protected JobStore store;

  /** A fresh, empty store. Called once per test; the suite closes it after the test. */
  protected abstract JobStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- insert -------------------------------------------------------------------------------------------------

  @Test
  void insertAssignsPositiveDistinctIdsAndStoresTheJobQueuedAtVersionZero() {
    Set<JobId> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      Inserted ins = store.insert(spec("job-" + i), null, T0.plusMillis(i));
      assertThat(ins.created()).isTrue();
      Job job = ins.job();
      assertThat(job.id().value()).isPositive();
      assertThat(job.state()).isEqualTo(JobState.QUEUED);
      assertThat(job.version()).isZero();
      assertThat(job.attempt()).isZero();
      assertThat(job.session()).isNull();
      assertThat(job.exitCode()).isNull();
      assertThat(job.failureReason()).isNull();
      assertThat(job.notBefore()).isNull();
      assertThat(job.createdAt()).isEqualTo(T0.plusMillis(i));
      assertThat(job.updatedAt()).isEqualTo(T0.plusMillis(i));
      assertThat(store.find(job.id())).contains(job);
      ids.add(job.id());
    }
    assertThat(ids).hasSize(5);
  }

  @Test
  void insertWritesTheFirstHistoryRowFromNothingOnSubmit() {
    Job job = store.insert(spec("first"), null, T0).job();

    List<Transition> history = store.history(job.id());

    assertThat(history).hasSize(1);
    Transition first = history.get(0);
    assertThat(first.jobId()).isEqualTo(job.id());
    assertThat(first.attempt()).isZero();
    assertThat(first.from()).isNull();
    assertThat(first.to()).isEqualTo(JobState.QUEUED);
    assertThat(first.event()).isEqualTo(JobEvent.SUBMIT);
    assertThat(first.reason()).isNull();
    assertThat(first.actor()).isNull();
    assertThat(first.at()).isEqualTo(T0);
  }

  @Test
  void insertRecordsWhoSubmittedOnTheFirstHistoryRow() {
    Job job = store.insert(spec("by someone"), null, T0, "ci-bot@host:42").job();

    assertThat(store.history(job.id())).singleElement()
        .satisfies(t -> assertThat(t.actor()).isEqualTo("ci-bot@host:42"));
  }

  @Test
  void insertKeepsTheIdempotencyKeyOnTheJob() {
    Job job = store.insert(spec("keyed"), "key-ü 1", T0).job();

    assertThat(job.idempotencyKey()).isEqualTo("key-ü 1");
    assertThat(store.find(job.id()).orElseThrow().idempotencyKey()).isEqualTo("key-ü 1");
  }

  @Test
  void theSameIdempotencyKeyReturnsTheSameJobAndWritesNothing() {
    Job first = store.insert(spec("once"), "the-key", T0).job();
    Snapshot before = snapshot();

    Inserted again = store.insert(spec("a different spec"), "the-key", T0.plusSeconds(5));

    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(first);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void theSameIdempotencyKeyReturnsTheExistingJobWhateverItsState() {
    Job first = store.insert(spec("moved"), "moved-key", T0).job();
    Job started = start(first, T0.plusSeconds(1));
    Job failed = fail(started, FailureReason.EXIT_CODE, 3, T0.plusSeconds(2));

    Inserted again = store.insert(spec("moved"), "moved-key", T0.plusSeconds(3));

    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(failed);
    assertThat(store.list(JobQuery.all())).hasSize(1);
  }

  @Test
  void differentOrAbsentKeysCreateDifferentJobs() {
    Job a = store.insert(spec("a"), "key-a", T0).job();
    Job b = store.insert(spec("a"), "key-b", T0).job();
    Job c = store.insert(spec("a"), null, T0).job();
    Job d = store.insert(spec("a"), null, T0).job();

    assertThat(Set.of(a.id(), b.id(), c.id(), d.id())).hasSize(4);
    assertThat(store.list(JobQuery.all())).hasSize(4);
  }

  // ---- lossless specs -----------------------------------------------------------------------------------------

  @Test
  void aSpecWithEveryAwkwardCharacterRoundTripsLosslessly() {
    JobSpec awkward = awkwardSpec();

    Job inserted = store.insert(awkward, "k", T0).job();
    Job found = store.find(inserted.id()).orElseThrow();

    assertThat(inserted.spec()).isEqualTo(awkward);
    assertThat(found.spec()).isEqualTo(awkward);
    assertThat(found.spec().argv()).containsExactlyElementsOf(awkward.argv());
    assertThat(found.spec().env()).containsExactlyInAnyOrderEntriesOf(awkward.env());
    assertThat(found.spec().verifiers()).containsExactlyElementsOf(awkward.verifiers());
    assertThat(found).isEqualTo(inserted);
    assertThat(store.list(JobQuery.all())).containsExactly(inserted);
  }

  @Test
  void aMinimalSpecRoundTripsWithItsAbsentValuesStillAbsent() {
    JobSpec minimal = new JobSpec("m", List.of("true"), null, Map.of(), 0, 1, null, List.of());

    Job found = store.find(store.insert(minimal, null, T0).job().id()).orElseThrow();

    assertThat(found.spec()).isEqualTo(minimal);
    assertThat(found.spec().cwd()).isNull();
    assertThat(found.spec().timeout()).isNull();
    assertThat(found.spec().env()).isEmpty();
    assertThat(found.spec().verifiers()).isEmpty();
    assertThat(found.idempotencyKey()).isNull();
  }

  @Test
  void eachVerifierKindRoundTripsOnItsOwn() {
    List<VerifierSpec> kinds = List.of(
        new VerifierSpec.Command("test -s \"out put.txt\" && echo 'ok'; exit $?", Duration.ofMillis(2500)),
        new VerifierSpec.FileExists("results/ü 🚀.json"),
        new VerifierSpec.Approval(),
        new VerifierSpec.Custom("checksum", "sha256=ab;cd $(x)\nnext"),
        new VerifierSpec.Custom("no-arg", ""));
    for (VerifierSpec kind : kinds) {
      JobSpec spec = JobSpec.builder("true").name("v").verify(kind).build();

      Job found = store.find(store.insert(spec, null, T0).job().id()).orElseThrow();

      assertThat(found.spec().verifiers()).as("round trip of %s", kind).containsExactly(kind);
    }
  }

  @Test
  void extremePrioritiesAndAttemptsRoundTrip() {
    JobSpec high = JobSpec.builder("x").priority(JobSpec.MAX_PRIORITY).maxAttempts(JobSpec.MAX_ATTEMPTS)
        .timeout(JobSpec.MAX_TIMEOUT).build();
    JobSpec low = JobSpec.builder("x").priority(JobSpec.MIN_PRIORITY).timeout(JobSpec.MIN_TIMEOUT).build();

    assertThat(store.find(store.insert(high, null, T0).job().id()).orElseThrow().spec()).isEqualTo(high);
    assertThat(store.find(store.insert(low, null, T0).job().id()).orElseThrow().spec()).isEqualTo(low);
  }

  // ---- compareAndSet ------------------------------------------------------------------------------------------

  @Test
  void compareAndSetWritesTheNextRowAndAppendsExactlyOneHistoryRow() {
    Job queued = store.insert(spec("cas"), null, T0).job();
    Change change = startChange(queued, T0.plusSeconds(1));

    boolean written = store.compareAndSet(queued, change.next(), change.transition());

    assertThat(written).isTrue();
    assertThat(store.find(queued.id())).contains(change.next());
    List<Transition> history = store.history(queued.id());
    assertThat(history).hasSize(2);
    assertThat(history.get(1)).isEqualTo(change.transition());
  }

  @Test
  void compareAndSetStoresEveryFieldOfTheRowAndTheTransitionLosslessly() {
    Job queued = store.insert(awkwardSpec(), "full", T0).job();
    Job started = start(queued, T0.plusSeconds(1));
    Instant at = T0.plusSeconds(2);
    Job failed = started.toBuilder().state(JobState.FAILED).exitCode(-129)
        .failureReason(FailureReason.VERIFICATION_FAILED).failureDetail("checksum 'ab' ≠ \"cd\"\n🚀 \t;$(x)")
        .notBefore(T0.plusSeconds(3600)).finishedAt(at).updatedAt(at).version(started.version() + 1).build();
    Transition t = new Transition(queued.id(), 1, JobState.PROCESSING, JobState.FAILED, JobEvent.REJECT,
        FailureReason.VERIFICATION_FAILED, "checksum 'ab' ≠ \"cd\"\n🚀 \t;$(x)", "operator ü", at);

    assertThat(store.compareAndSet(started, failed, t)).isTrue();

    assertThat(store.find(queued.id())).contains(failed);
    assertThat(store.history(queued.id())).last().isEqualTo(t);
  }

  @Test
  void compareAndSetFailsAndWritesNothingWhenTheVersionIsStale() {
    Job queued = store.insert(spec("stale"), null, T0).job();
    Job started = start(queued, T0.plusSeconds(1));
    Job failed = fail(started, FailureReason.SESSION_LOST, null, T0.plusSeconds(2));
    Job requeued = retry(failed, null, T0.plusSeconds(3));
    assertThat(requeued.state()).isEqualTo(queued.state());
    Snapshot before = snapshot();

    Change staleStart = startChange(queued, T0.plusSeconds(4));
    boolean written = store.compareAndSet(queued, staleStart.next(), staleStart.transition());

    assertThat(written).isFalse();
    assertThat(snapshot()).isEqualTo(before);
    assertThat(store.find(queued.id())).contains(requeued);
  }

  @Test
  void compareAndSetFailsAndWritesNothingWhenTheStateDiffers() {
    Job queued = store.insert(spec("state"), null, T0).job();
    Snapshot before = snapshot();
    Job wrongState = queued.toBuilder().state(JobState.VERIFICATION).build();
    Instant at = T0.plusSeconds(1);
    Job next = wrongState.toBuilder().state(JobState.COMPLETED).finishedAt(at).updatedAt(at).version(1).build();
    Transition t = new Transition(queued.id(), 0, JobState.VERIFICATION, JobState.COMPLETED, JobEvent.PASS, null,
        null, OWNER, at);

    assertThat(store.compareAndSet(wrongState, next, t)).isFalse();

    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void compareAndSetOnAnUnknownJobFailsAndWritesNothing() {
    store.insert(spec("known"), null, T0);
    Snapshot before = snapshot();
    Job ghost = Job.queued(JobId.of(987_654_321L), spec("ghost"), null, T0);
    Change change = startChange(ghost, T0.plusSeconds(1));

    assertThat(store.compareAndSet(ghost, change.next(), change.transition())).isFalse();

    assertThat(snapshot()).isEqualTo(before);
    assertThat(store.find(ghost.id())).isEmpty();
  }

  @Test
  void aSecondCompareAndSetFromTheSameSnapshotLoses() {
    Job queued = store.insert(spec("twice"), null, T0).job();
    Change first = startChange(queued, T0.plusSeconds(1));
    Change second = startChange(queued, T0.plusSeconds(2));

    assertThat(store.compareAndSet(queued, first.next(), first.transition())).isTrue();
    assertThat(store.compareAndSet(queued, second.next(), second.transition())).isFalse();

    assertThat(store.find(queued.id())).contains(first.next());
    assertThat(store.history(queued.id())).hasSize(2);
  }

  @Test
  void concurrentCompareAndSetsFromOneSnapshotHaveExactlyOneWinner() throws Exception {
    Job queued = store.insert(spec("race"), null, T0).job();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Change change = startChange(queued, T0.plusMillis(1 + i));
        results.add(pool.submit(() -> {
          go.await();
          return store.compareAndSet(queued, change.next(), change.transition());
        }));
      }
      go.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.history(queued.id())).hasSize(2);
      assertThat(store.find(queued.id()).orElseThrow().version()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- claimNext ----------------------------------------------------------------------------------------------

  // ---- batches ----------------------------------------------------------------------------------------------

  @Test
  void compareAndSetAllAppliesEverySwapWithItsOwnHistoryRow() {
    List<Job> queued = new ArrayList<>();
    List<JobStore.Swap> swaps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Job q = store.insert(spec("batch-" + i), null, T0).job();
      queued.add(q);
      Change c = startChange(q, T0.plusSeconds(1 + i));
      swaps.add(new JobStore.Swap(q, c.next(), c.transition()));
    }

    List<Boolean> applied = store.compareAndSetAll(swaps);

    assertThat(applied).containsExactly(true, true, true, true, true);
    for (JobStore.Swap sw : swaps) {
      assertThat(store.find(sw.expected().id())).contains(sw.next());
      assertThat(store.history(sw.expected().id())).hasSize(2).last().isEqualTo(sw.transition());
    }
    assertThat(store.count(JobState.PROCESSING)).isEqualTo(5);
  }

  @Test
  void aLostRaceInsideABatchChangesOnlyItsOwnJob() {
    Job a = store.insert(spec("a"), null, T0).job();
    Job b = store.insert(spec("b"), null, T0).job();
    Job c = store.insert(spec("c"), null, T0).job();
    Job bMoved = start(b, T0.plusSeconds(1)); // another writer moved b on after the batch read it
    List<Transition> bHistory = store.history(b.id());
    Change ca = startChange(a, T0.plusSeconds(2));
    Change cb = startChange(b, T0.plusSeconds(2));
    Change cc = startChange(c, T0.plusSeconds(2));

    List<Boolean> applied = store.compareAndSetAll(List.of(new JobStore.Swap(a, ca.next(), ca.transition()),
        new JobStore.Swap(b, cb.next(), cb.transition()), new JobStore.Swap(c, cc.next(), cc.transition())));

    assertThat(applied).containsExactly(true, false, true);
    assertThat(store.find(a.id())).contains(ca.next());
    assertThat(store.find(c.id())).contains(cc.next());
    assertThat(store.find(b.id())).contains(bMoved);
    assertThat(store.history(b.id())).isEqualTo(bHistory);
  }

  @Test
  void aBatchNamingOneJobTwiceIsRefusedAndWritesNothing() {
    Job q = store.insert(spec("twice"), null, T0).job();
    Job other = store.insert(spec("other"), null, T0).job();
    Snapshot before = snapshot();
    Change first = startChange(q, T0.plusSeconds(1));
    Change o = startChange(other, T0.plusSeconds(1));
    Change second = startChange(q, T0.plusSeconds(2));

    assertThatThrownBy(() -> store.compareAndSetAll(List.of(new JobStore.Swap(q, first.next(), first.transition()),
        new JobStore.Swap(other, o.next(), o.transition()), new JobStore.Swap(q, second.next(), second.transition()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job " + q.id());

    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void anEmptyBatchWritesNothing() {
    store.insert(spec("idle"), null, T0);
    Snapshot before = snapshot();

    assertThat(store.compareAndSetAll(List.of())).isEmpty();

    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void claimAllClaimsUpToTheFreeSlotsInClaimOrderCountingItsOwnClaims() {
    start(store.insert(spec("running"), null, T0).job(), T0.plusSeconds(1));
    JobId low = insertAt("low", 0, T0);
    JobId high = insertAt("high", 5, T0.plusSeconds(1));
    JobId mid = insertAt("mid", 3, T0);
    JobId last = insertAt("last", -1, T0);
    Instant now = T0.plusSeconds(5);
    List<Integer> running = new ArrayList<>();

    List<Job> claimed = store.claimAll(now, 4, 10, (c, r) -> {
      running.add(r);
      return Optional.of(startChange(c, now));
    });

    assertThat(claimed).extracting(Job::id).containsExactly(high, mid, low);
    assertThat(running).containsExactly(1, 2, 3);
    assertThat(claimed).allSatisfy(j -> assertThat(store.find(j.id())).contains(j));
    assertThat(store.find(last).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(store.history(last)).hasSize(1);
  }

  @Test
  void claimAllStopsAtItsLimitAndPassesOverWhatTheDeciderRefuses() {
    JobId refused = insertAt("refused", 9, T0);
    JobId a = insertAt("a", 5, T0);
    JobId b = insertAt("b", 4, T0);
    JobId c = insertAt("c", 3, T0);
    Job refusedBefore = store.find(refused).orElseThrow();
    Instant now = T0.plusSeconds(1);

    List<Job> claimed = store.claimAll(now, 100, 2,
        (cand, r) -> cand.id().equals(refused) ? Optional.empty() : Optional.of(startChange(cand, now)));

    assertThat(claimed).extracting(Job::id).containsExactly(a, b);
    assertThat(store.find(refused)).contains(refusedBefore);
    assertThat(store.find(c).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThatThrownBy(() -> store.claimAll(now, 100, 0, (cand, r) -> Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {3L, 17L, 2026L})
  void claimAllClaimsWhatRepeatedClaimNextWouldOverRandomisedQueues(long seed) {
    Random random = new Random(seed);
    Instant now = T0.plusSeconds(100);
    for (int i = 0; i < 150; i++) {
      insertAt("r" + i, random.nextInt(4), T0.plusSeconds(random.nextInt(50)));
    }
    List<Job> expected = store.listClaimable(now, 200, row -> { }).stream()
        .filter(j -> j.id().value() % 7 != 0).limit(90).toList();

    List<Job> claimed = store.claimAll(now, 90, 1000,
        (cand, r) -> cand.id().value() % 7 == 0 ? Optional.empty() : Optional.of(startChange(cand, now)));

    assertThat(claimed).extracting(Job::id).containsExactlyElementsOf(expected.stream().map(Job::id).toList());
    assertThat(store.count(JobState.PROCESSING)).isEqualTo(claimed.size());
  }

  @Test
  void claimNextOnAnEmptyStoreClaimsNothing() {
    assertThat(store.claimNext(T0, 10, (c, running) -> Optional.of(startChange(c, T0)))).isEmpty();
  }

  @Test
  void claimNextTakesHighestPriorityThenOldestThenLowestId() {
    JobId a = insertAt("a", 0, T0);
    JobId b = insertAt("b", 5, T0.plusSeconds(3));
    JobId c = insertAt("c", 5, T0.plusSeconds(1));
    JobId d = insertAt("d", 5, T0.plusSeconds(1));
    JobId e = insertAt("e", -1, T0);
    assertThat(c.value()).isLessThan(d.value());

    List<JobId> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Instant now = T0.plusSeconds(10 + i);
      Job claimed = store.claimNext(now, 100, (cand, running) -> Optional.of(startChange(cand, now))).orElseThrow();
      order.add(claimed.id());
    }

    assertThat(order).containsExactly(c, d, b, a, e);
    assertThat(store.claimNext(T0.plusSeconds(20), 100, (cand, r) -> Optional.of(startChange(cand, T0)))).isEmpty();
  }

  @Test
  void claimNextWritesTheDecidedChangeLikeCompareAndSet() {
    Job queued = store.insert(spec("claimed"), null, T0).job();
    Instant now = T0.plusSeconds(1);
    List<Job> offered = new ArrayList<>();
    Change[] decided = new Change[1];

    Optional<Job> claimed = store.claimNext(now, 4, (candidate, running) -> {
      offered.add(candidate);
      decided[0] = startChange(candidate, now);
      return Optional.of(decided[0]);
    });

    assertThat(offered).containsExactly(queued);
    assertThat(claimed).contains(decided[0].next());
    assertThat(store.find(queued.id())).contains(decided[0].next());
    assertThat(store.history(queued.id())).hasSize(2).last().isEqualTo(decided[0].transition());
  }

  @Test
  void claimNextSkipsJobsWhoseNotBeforeIsAfterNow() {
    Job queued = store.insert(spec("later"), null, T0).job();
    Instant notBefore = T0.plusSeconds(60);
    Job waiting = retry(fail(start(queued, T0.plusSeconds(1)), FailureReason.EXIT_CODE, 1, T0.plusSeconds(2)),
        notBefore, T0.plusSeconds(3));
    AtomicInteger offers = new AtomicInteger();

    Optional<Job> early = store.claimNext(notBefore.minusMillis(1), 4, (c, r) -> {
      offers.incrementAndGet();
      return Optional.of(startChange(c, T0));
    });

    assertThat(early).isEmpty();
    assertThat(offers).hasValue(0);
    assertThat(store.find(queued.id())).contains(waiting);

    Optional<Job> onTime = store.claimNext(notBefore, 4, (c, r) -> Optional.of(startChange(c, notBefore)));
    assertThat(onTime).map(Job::id).contains(queued.id());
    assertThat(onTime).map(Job::attempt).contains(2);
  }

  @Test
  void claimNextPrefersAnEligibleJobOverAWaitingOneOfHigherPriority() {
    Job high = store.insert(JobSpec.builder("x").name("high").priority(9).build(), null, T0).job();
    retry(fail(start(high, T0.plusSeconds(1)), FailureReason.EXIT_CODE, 1, T0.plusSeconds(2)),
        T0.plusSeconds(600), T0.plusSeconds(3));
    JobId low = insertAt("low", 0, T0.plusSeconds(4));

    Instant now = T0.plusSeconds(5);
    Optional<Job> claimed = store.claimNext(now, 4, (c, r) -> Optional.of(startChange(c, now)));

    assertThat(claimed).map(Job::id).contains(low);
  }

  @Test
  void claimNextClaimsNothingWhileMaxConcurrentJobsAreProcessing() {
    Job first = store.insert(spec("first"), null, T0).job();
    start(first, T0.plusSeconds(1));
    Job second = store.insert(spec("second"), null, T0.plusSeconds(2)).job();
    AtomicInteger offers = new AtomicInteger();
    Snapshot before = snapshot();

    Optional<Job> none = store.claimNext(T0.plusSeconds(3), 1, (c, r) -> {
      offers.incrementAndGet();
      return Optional.of(startChange(c, T0.plusSeconds(3)));
    });

    assertThat(none).isEmpty();
    assertThat(offers).hasValue(0);
    assertThat(snapshot()).isEqualTo(before);

    Optional<Job> one = store.claimNext(T0.plusSeconds(4), 2, (c, r) -> Optional.of(startChange(c, T0.plusSeconds(4))));
    assertThat(one).map(Job::id).contains(second.id());
  }

  @Test
  void claimNextTellsTheDeciderHowManyJobsAreProcessing() {
    start(store.insert(spec("p1"), null, T0).job(), T0.plusSeconds(1));
    start(store.insert(spec("p2"), null, T0).job(), T0.plusSeconds(1));
    Job verifying = start(store.insert(spec("v"), null, T0).job(), T0.plusSeconds(1));
    Instant at = T0.plusSeconds(2);
    Job exited = verifying.toBuilder().state(JobState.VERIFICATION).exitCode(0).updatedAt(at)
        .version(verifying.version() + 1).build();
    assertThat(store.compareAndSet(verifying, exited,
        new Transition(verifying.id(), 1, JobState.PROCESSING, JobState.VERIFICATION, JobEvent.EXITED, null, null,
            OWNER, at))).isTrue();
    store.insert(spec("candidate"), null, T0.plusSeconds(3));
    List<Integer> seen = new ArrayList<>();

    store.claimNext(T0.plusSeconds(4), 10, (c, running) -> {
      seen.add(running);
      return Optional.of(startChange(c, T0.plusSeconds(4)));
    });

    assertThat(seen).containsExactly(2);
  }

  @Test
  void aCandidateTheDeciderRefusesIsSkippedAndLeftUntouched() {
    JobId refused = insertAt("refused", 9, T0);
    JobId next = insertAt("next", 1, T0);
    Job refusedBefore = store.find(refused).orElseThrow();
    List<JobId> offered = new ArrayList<>();

    Optional<Job> claimed = store.claimNext(T0.plusSeconds(1), 10, (c, running) -> {
      offered.add(c.id());
      return c.id().equals(refused) ? Optional.empty() : Optional.of(startChange(c, T0.plusSeconds(1)));
    });

    assertThat(offered).containsExactly(refused, next);
    assertThat(claimed).map(Job::id).contains(next);
    assertThat(store.find(refused)).contains(refusedBefore);
    assertThat(store.history(refused)).hasSize(1);
  }

  @Test
  void whenTheDeciderRefusesEveryCandidateNothingIsClaimedOrWritten() {
    insertAt("a", 0, T0);
    insertAt("b", 0, T0);
    Snapshot before = snapshot();

    Optional<Job> claimed = store.claimNext(T0.plusSeconds(1), 10, (c, running) -> Optional.empty());

    assertThat(claimed).isEmpty();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void claimNextNeverOffersJobsThatAreNotQueued() {
    start(store.insert(spec("running"), null, T0).job(), T0.plusSeconds(1));
    Job done = start(store.insert(spec("failed"), null, T0).job(), T0.plusSeconds(1));
    fail(done, FailureReason.EXIT_CODE, 2, T0.plusSeconds(2));
    List<JobState> offered = new ArrayList<>();

    Optional<Job> claimed = store.claimNext(T0.plusSeconds(3), 10, (c, r) -> {
      offered.add(c.state());
      return Optional.of(startChange(c, T0.plusSeconds(3)));
    });

    assertThat(claimed).isEmpty();
    assertThat(offered).isEmpty();
  }

  @Test
  void threadsClaimingConcurrentlyClaimEveryJobExactlyOnce() throws Exception {
    int jobs = 40;
    int threads = 4;
    Set<JobId> inserted = new HashSet<>();
    for (int i = 0; i < jobs; i++) {
      inserted.add(store.insert(JobSpec.builder("x").name("j" + i).priority(i % 3).build(), null,
          T0.plusMillis(i)).job().id());
    }
    Instant now = T0.plusSeconds(10);
    ConcurrentLinkedQueue<JobId> claimed = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          while (true) {
            Optional<Job> job = store.claimNext(now, Integer.MAX_VALUE, (c, r) -> Optional.of(startChange(c, now)));
            if (job.isEmpty()) {
              return null;
            }
            claimed.add(job.get().id());
          }
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(claimed).hasSize(jobs);
    assertThat(new HashSet<>(claimed)).isEqualTo(inserted);
    assertThat(store.counts().get(JobState.PROCESSING)).isEqualTo(jobs);
    for (JobId id : inserted) {
      assertThat(store.history(id)).as("history of %s", id).hasSize(2);
    }
  }

  /**
   * The claim order is {@link ClaimOrder}'s: priority highest first, then {@code createdAt} oldest first
   * (milliseconds), then id lowest first, over the QUEUED jobs whose {@code notBefore} is absent or not after
   * {@code now}. Random queues (seeded) with ties in priority and creation time, retried jobs waiting until just
   * before, at or after {@code now}, and a decider that refuses every third id: each claim offers exactly the
   * remaining candidates in that order up to the one it takes.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void claimNextOffersAndClaimsInTheClaimOrderOverRandomisedQueues(long seed) {
    Random random = new Random(seed);
    Instant now = T0.plusSeconds(10);
    int jobs = 5 + random.nextInt(20);
    for (int i = 0; i < jobs; i++) {
      Instant created = T0.plusSeconds(random.nextInt(4)).plusMillis(random.nextInt(2));
      Job queued = store.insert(JobSpec.builder("echo", "r" + i).name("r" + i).priority(random.nextInt(5) - 2)
          .build(), null, created).job();
      if (random.nextInt(10) < 3) { // retried, waiting until up to 2 s before or after now (now itself included)
        Instant notBefore = now.plusSeconds(random.nextInt(5) - 2);
        retry(fail(start(queued, created.plusSeconds(5)), FailureReason.EXIT_CODE, 1, created.plusSeconds(6)),
            notBefore, created.plusSeconds(7));
      }
    }
    List<Job> eligible = store.list(JobQuery.inStates(JobState.QUEUED)).stream()
        .filter(j -> ClaimOrder.isCandidate(j, now))
        .sorted(ClaimOrder.comparator())
        .toList();
    List<JobId> expectedClaims = eligible.stream().map(Job::id).filter(id -> id.value() % 3 != 0).toList();

    List<JobId> claims = new ArrayList<>();
    while (true) {
      List<JobId> offered = new ArrayList<>();
      Optional<Job> claimed = store.claimNext(now, Integer.MAX_VALUE, (c, running) -> {
        offered.add(c.id());
        return c.id().value() % 3 == 0 ? Optional.empty() : Optional.of(startChange(c, now));
      });
      List<JobId> remaining = eligible.stream().map(Job::id).filter(id -> !claims.contains(id)).toList();
      int upTo = claimed.map(j -> remaining.indexOf(j.id()) + 1).orElse(remaining.size());
      assertThat(offered).as("seed %d: the candidates offered, in order", seed)
          .containsExactlyElementsOf(remaining.subList(0, upTo));
      if (claimed.isEmpty()) {
        break;
      }
      claims.add(claimed.get().id());
    }

    assertThat(claims).as("seed %d: the claims, in order", seed).containsExactlyElementsOf(expectedClaims);
    assertThat(store.list(JobQuery.inStates(JobState.QUEUED))).as("seed %d: left QUEUED", seed)
        .allSatisfy(j -> assertThat(j.notBefore() != null && j.notBefore().isAfter(now) || j.id().value() % 3 == 0)
            .isTrue());
  }

    // ---- reads --------------------------------------------------------------------------------------------------

  @Test
  void listReturnsNewestFirst() {
    JobId a = insertAt("a", 0, T0);
    JobId b = insertAt("b", 9, T0);
    JobId c = insertAt("c", -9, T0);

    assertThat(store.list(JobQuery.all())).extracting(Job::id).containsExactly(c, b, a);
  }

  @Test
  void listFiltersByStateAndHonoursTheLimit() {
    JobId q1 = insertAt("q1", 0, T0);
    Job p = start(store.insert(spec("p"), null, T0).job(), T0.plusSeconds(1));
    JobId q2 = insertAt("q2", 0, T0);
    Job f = fail(start(store.insert(spec("f"), null, T0).job(), T0.plusSeconds(1)), FailureReason.CANCELLED, null,
        T0.plusSeconds(2));
    JobId q3 = insertAt("q3", 0, T0);

    assertThat(store.list(JobQuery.inStates(JobState.QUEUED))).extracting(Job::id).containsExactly(q3, q2, q1);
    assertThat(store.list(JobQuery.inStates(JobState.QUEUED).withLimit(2))).extracting(Job::id)
        .containsExactly(q3, q2);
    assertThat(store.list(JobQuery.inStates(JobState.PROCESSING, JobState.FAILED))).extracting(Job::id)
        .containsExactly(f.id(), p.id());
    assertThat(store.list(JobQuery.inStates(JobState.COMPLETED))).isEmpty();
    assertThat(store.list(JobQuery.all().withLimit(1))).extracting(Job::id).containsExactly(q3);
    assertThat(store.list(JobQuery.all())).hasSize(5);
  }

  @Test
  void listShowsTheCurrentSnapshotOfEachJob() {
    Job started = start(store.insert(spec("s"), null, T0).job(), T0.plusSeconds(1));

    assertThat(store.list(JobQuery.all())).containsExactly(started);
  }

  @Test
  void countsHasEveryStateEvenWhenEmpty() {
    Map<JobState, Long> counts = store.counts();

    assertThat(counts).containsOnlyKeys(JobState.values());
    assertThat(counts.values()).containsOnly(0L);
  }

  @Test
  void countsCountsJobsPerState() {
    insertAt("q1", 0, T0);
    insertAt("q2", 0, T0);
    start(store.insert(spec("p"), null, T0).job(), T0.plusSeconds(1));
    fail(start(store.insert(spec("f"), null, T0).job(), T0.plusSeconds(1)), FailureReason.EXIT_CODE, 1,
        T0.plusSeconds(2));

    Map<JobState, Long> counts = store.counts();

    assertThat(counts).containsOnlyKeys(JobState.values());
    assertThat(counts).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.PROCESSING, 1L)
        .containsEntry(JobState.VERIFICATION, 0L).containsEntry(JobState.COMPLETED, 0L)
        .containsEntry(JobState.FAILED, 1L);
  }

  @Test
  void historyIsOldestFirst() {
    Job queued = store.insert(spec("h"), null, T0).job();
    Job failed = fail(start(queued, T0.plusSeconds(1)), FailureReason.EXIT_CODE, 5, T0.plusSeconds(2));
    retry(failed, T0.plusSeconds(30), T0.plusSeconds(3));

    assertThat(store.history(queued.id())).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.RETRY);
    assertThat(store.history(queued.id())).extracting(Transition::at)
        .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
  }

  @Test
  void historyOfAnUnknownJobIsEmpty() {
    store.insert(spec("known"), null, T0);

    assertThat(store.history(JobId.of(987_654_321L))).isEmpty();
  }

  @Test
  void findOfAnUnknownJobIsEmpty() {
    store.insert(spec("known"), null, T0);

    assertThat(store.find(JobId.of(987_654_321L))).isEmpty();
  }

  @Test
  void listRetryableIsTheFailedJobsARetryMayRequeueOldestFirst() {
    Job twoLeft = failWith(insertWithAttempts("two-left", 3), FailureReason.EXIT_CODE);
    failWith(insertWithAttempts("cancelled", 3), FailureReason.CANCELLED);
    failWith(insertWithAttempts("used-up", 1), FailureReason.EXIT_CODE);
    insertAt("queued", 0, T0);
    start(insertWithAttempts("running", 3), T0.plusSeconds(1));
    Job lost = failWith(insertWithAttempts("lost", 2), FailureReason.SESSION_LOST);
    Job timedOut = failWith(insertWithAttempts("timed-out", 5), FailureReason.TIMED_OUT);

    assertThat(store.listRetryable(100, row -> { })).containsExactly(twoLeft, lost, timedOut);
    assertThat(store.listRetryable(2, row -> { })).extracting(Job::id).containsExactly(twoLeft.id(), lost.id());
    assertThat(store.listRetryable(100, row -> { })).allSatisfy(j -> assertThat(RetryRule.allows(j)).isTrue());
  }

  @Test
  void listClaimableIsTheQueuedCandidatesInClaimOrderCutAtTheLimit() {
    JobId low = insertAt("low", -1, T0);
    JobId high = insertAt("high", 5, T0.plusSeconds(2));
    JobId oldMid = insertAt("old-mid", 1, T0);
    JobId newMid = insertAt("new-mid", 1, T0.plusSeconds(1));
    Job waiting = retry(failWith(insertWithAttempts("waiting", 3), FailureReason.EXIT_CODE), T0.plusSeconds(60),
        T0.plusSeconds(3));
    start(store.insert(spec("running"), null, T0).job(), T0.plusSeconds(1));

    assertThat(store.listClaimable(T0.plusSeconds(10), 100, row -> { })).extracting(Job::id)
        .containsExactly(high, oldMid, newMid, low);
    assertThat(store.listClaimable(T0.plusSeconds(10), 2, row -> { })).extracting(Job::id)
        .containsExactly(high, oldMid);
    assertThat(store.listClaimable(T0.plusSeconds(60), 100, row -> { })).extracting(Job::id)
        .as("a notBefore equal to now is no longer waiting").contains(waiting.id());
  }

  @Test
  void countOfAStateIsItsEntryInCounts() {
    insertAt("q", 0, T0);
    start(store.insert(spec("p"), null, T0).job(), T0.plusSeconds(1));
    failWith(insertWithAttempts("f", 1), FailureReason.EXIT_CODE);
    failWith(insertWithAttempts("g", 1), FailureReason.CANCELLED);

    for (JobState s : JobState.values()) {
      assertThat(store.count(s)).as("count(%s)", s).isEqualTo(store.counts().get(s));
    }
    assertThat(store.count(JobState.FAILED)).isEqualTo(2);
  }

  @Test
  void theLiveWorkReadsRefuseALimitBelowOne() {
    for (int limit : new int[] {0, -1}) {
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> store.listRetryable(limit, row -> { }));
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> store.listClaimable(T0, limit, row -> { }));
    }
  }

  /**
   * Over random stores (seeded) of every state, failure reason and attempts used, the live-work reads say exactly what
   * filtering and sorting every row would: {@link RetryRule} oldest first, {@link ClaimOrder} candidates, counts.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 5, 8, 13})
  void theLiveWorkReadsAgreeWithFilteringEveryRowOverRandomisedStores(long seed) {
    Random random = new Random(seed);
    Instant now = T0.plusSeconds(30);
    FailureReason[] reasons = FailureReason.values();
    for (int i = 0; i < 20 + random.nextInt(30); i++) {
      Instant created = T0.plusSeconds(random.nextInt(5));
      JobSpec.Builder sb = JobSpec.builder("echo", "r" + i).name("r" + i).priority(random.nextInt(3) - 1)
          .maxAttempts(1 + random.nextInt(3));
      for (int d = random.nextInt(3) == 0 && i > 0 ? 1 + random.nextInt(2) : 0; d > 0; d--) {
        sb.after(JobId.of(1 + random.nextInt(i))); // ids are not promised to be 1..n: only those that exist
      }
      JobSpec spec = sb.build();
      List<JobId> existing = spec.after().stream().filter(id -> store.find(id).isPresent()).toList();
      spec = new JobSpec(spec.name(), spec.argv(), spec.cwd(), spec.env(), spec.priority(), spec.maxAttempts(),
          spec.timeout(), spec.verifiers(), existing, spec.group(), spec.notBefore());
      Job job = store.insert(spec, null, created).job();
      int attempts = random.nextInt(job.spec().maxAttempts() + 1);
      for (int a = 0; a < attempts; a++) {
        Job started = start(job, created.plusSeconds(1 + a));
        job = fail(started, reasons[random.nextInt(reasons.length)], 1, created.plusSeconds(2 + a));
        if (a < attempts - 1 || random.nextInt(4) == 0) {
          job = retry(job, now.plusSeconds(random.nextInt(5) - 2), created.plusSeconds(3 + a));
        }
      }
      if (job.state() == JobState.QUEUED && random.nextInt(5) == 0) {
        job = start(job, created.plusSeconds(9));
        if (random.nextBoolean()) {
          move(job, JobState.COMPLETED, JobEvent.PASS, null, created.plusSeconds(10), b -> b.finishedAt(now));
        }
      }
    }
    List<Job> all = store.list(JobQuery.all().withLimit(Integer.MAX_VALUE));
    List<Job> retryable = all.stream().filter(RetryRule::allows)
        .sorted(java.util.Comparator.comparing(Job::id)).toList();
    List<Job> claimable = all.stream().filter(j -> ClaimOrder.isCandidate(j, now))
        .sorted(ClaimOrder.comparator()).toList();

    assertThat(store.listRetryable(Integer.MAX_VALUE, row -> { })).as("seed %d", seed)
        .containsExactlyElementsOf(retryable);
    assertThat(store.listRetryable(3, row -> { })).as("seed %d", seed)
        .containsExactlyElementsOf(retryable.subList(0, Math.min(3, retryable.size())));
    assertThat(store.listClaimable(now, Integer.MAX_VALUE, row -> { })).as("seed %d", seed)
        .containsExactlyElementsOf(claimable);
    assertThat(store.listClaimable(now, 3, row -> { })).as("seed %d", seed)
        .containsExactlyElementsOf(claimable.subList(0, Math.min(3, claimable.size())));
    for (JobState s : JobState.values()) {
      assertThat(store.count(s)).as("seed %d: count(%s)", seed, s)
          .isEqualTo(all.stream().filter(j -> j.state() == s).count());
    }
    java.util.Map<JobId, Job> byId = new java.util.HashMap<>();
    all.forEach(j -> byId.put(j.id(), j));
    List<Job> abandonable = all.stream()
        .filter(j -> j.state() == JobState.QUEUED
            && j.spec().after().stream().anyMatch(d -> dev.lifeline.TransitionTable.failedForGood(byId.get(d))))
        .sorted(java.util.Comparator.comparing(Job::id)).toList();
    assertThat(store.listAbandonable(Integer.MAX_VALUE, row -> { })).as("seed %d: abandonable", seed)
        .containsExactlyElementsOf(abandonable);
    for (Job j : all) {
      assertThat(store.dependents(j.id())).as("seed %d: dependents of %s", seed, j.id())
          .containsExactlyElementsOf(all.stream().filter(o -> o.spec().after().contains(j.id())).map(Job::id)
              .sorted().toList());
    }
  }

  // ---- workflow: dependencies, groups, hold, first start --------------------------------------------------------

  @Test
  void noGroupIsConfiguredAtFirstAndTheStoreIsNotDrained() {
    assertThat(store.controls().group("gpu")).isEmpty();
    assertThat(store.controls().groups()).isEmpty();
    assertThat(store.controls().draining()).isFalse();
    assertThat(store.controls().changes(10)).isEmpty();
  }

  /**
   * A store may keep no controls ({@link ControlStore#NONE}, the default of {@link JobStore#controls()}): then nothing
   * is configured and every change is refused, so a group limit can never be silently ignored.
   */
  private boolean keepsNoControls() {
    if (store.controls() != ControlStore.NONE) {
      return false;
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.controls().setGroup(
        new dev.lifeline.GroupSettings("gpu", 1, false), "ops", T0)).isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.controls().setDraining(true, "ops", T0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(store.controls().draining()).isFalse();
    assertThat(store.controls().groups()).isEmpty();
    return true;
  }

  @Test
  void aGroupsSettingsAreStoredAndEachSettingThatChangedIsRecordedOnce() {
    if (keepsNoControls()) {
      return;
    }
    var controls = store.controls();

    assertThat(controls.setGroup(new dev.lifeline.GroupSettings("gpu", 2, false), "alice", T0)).isTrue();
    assertThat(controls.setGroup(new dev.lifeline.GroupSettings("gpu", 2, true), "bob", T0.plusSeconds(1))).isTrue();
    assertThat(controls.setGroup(new dev.lifeline.GroupSettings("gpu", 2, true), "bob", T0.plusSeconds(2)))
        .as("the same values change nothing").isFalse();
    assertThat(controls.setGroup(new dev.lifeline.GroupSettings("cpu.small", null, false), "carol", T0.plusSeconds(3)))
        .as("the defaults of a group never configured change nothing").isFalse();
    controls.setGroup(new dev.lifeline.GroupSettings("gpu", null, false), "dave", T0.plusSeconds(4));

    assertThat(controls.group("gpu")).contains(new dev.lifeline.GroupSettings("gpu", null, false));
    assertThat(controls.groups()).containsExactly(new dev.lifeline.GroupSettings("gpu", null, false));
    assertThat(controls.changes(10)).containsExactly(
        new ControlChange("group gpu", "paused", "false", "dave", T0.plusSeconds(4)),
        new ControlChange("group gpu", "maxConcurrent", null, "dave", T0.plusSeconds(4)),
        new ControlChange("group gpu", "paused", "true", "bob", T0.plusSeconds(1)),
        new ControlChange("group gpu", "maxConcurrent", "2", "alice", T0));
    assertThat(controls.changes(1)).hasSize(1);
  }

  @Test
  void theDrainIsStoredAndEachChangeOfItRecorded() {
    if (keepsNoControls()) {
      return;
    }
    var controls = store.controls();

    assertThat(controls.setDraining(true, "ops", T0)).isTrue();
    assertThat(controls.setDraining(true, "ops", T0.plusSeconds(1))).isFalse();
    assertThat(controls.draining()).isTrue();
    assertThat(controls.setDraining(false, "ops", T0.plusSeconds(2))).isTrue();

    assertThat(controls.draining()).isFalse();
    assertThat(controls.changes(10)).containsExactly(
        new ControlChange("store", "draining", "false", "ops", T0.plusSeconds(2)),
        new ControlChange("store", "draining", "true", "ops", T0));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> controls.changes(0));
  }

  @Test
  void aSpecsDependenciesGroupAndFirstStartRoundTripAndTheFirstStartIsTheJobsNotBefore() {
    JobId a = insertAt("a", 0, T0);
    JobId b = insertAt("b", 0, T0);
    JobSpec spec = JobSpec.builder("echo", "c").name("c").after(b, a).group("gpu.batch-2")
        .notBefore(T0.plusSeconds(3600)).build();

    Job c = store.insert(spec, null, T0).job();

    assertThat(store.find(c.id())).hasValueSatisfying(found -> {
      assertThat(found.spec()).isEqualTo(spec);
      assertThat(found.spec().after()).containsExactly(b, a);
      assertThat(found.notBefore()).isEqualTo(T0.plusSeconds(3600));
      assertThat(found.held()).isFalse();
      assertThat(found).isEqualTo(c);
    });
    assertThat(store.find(a).orElseThrow().spec().group()).isEqualTo(JobSpec.DEFAULT_GROUP);
  }

  @Test
  void listFiltersByGroupAndStateNewestFirst() {
    Job a = store.insert(JobSpec.builder("echo").group("gpu").build(), null, T0).job();
    Job b = store.insert(JobSpec.builder("echo").build(), null, T0).job();
    Job c = store.insert(JobSpec.builder("echo").group("gpu").build(), null, T0).job();
    Job d = store.insert(JobSpec.builder("echo").group("gpu").build(), null, T0).job();
    start(c, T0.plusSeconds(1));

    assertThat(store.list(JobQuery.all().withGroup("gpu"))).extracting(Job::id).containsExactly(d.id(), c.id(), a.id());
    assertThat(store.list(JobQuery.inStates(JobState.QUEUED).withGroup("gpu").withLimit(1))).extracting(Job::id)
        .containsExactly(d.id());
    assertThat(store.list(JobQuery.all().withGroup(JobSpec.DEFAULT_GROUP))).extracting(Job::id)
        .containsExactly(b.id());
    assertThat(store.list(JobQuery.all().withGroup("none-here"))).isEmpty();
  }

  @Test
  void insertRefusesADependencyTheStoreDoesNotHoldAndWritesNothing() {
    JobId a = insertAt("a", 0, T0);
    Snapshot before = snapshot();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.insert(
            JobSpec.builder("echo").after(a, JobId.of(987_654_321L)).build(), "key-1", T0, null))
        .isInstanceOfSatisfying(dev.lifeline.JobNotFoundException.class,
            e -> assertThat(e.jobId()).isEqualTo(JobId.of(987_654_321L)));

    assertThat(snapshot()).isEqualTo(before);
    assertThat(store.insert(JobSpec.builder("echo").build(), "key-1", T0, null).created())
        .as("the refused insert did not use its idempotency key").isTrue();
  }

  @Test
  void compareAndSetStoresWhetherAJobIsHeld() {
    Job queued = store.insert(spec("h"), null, T0).job();

    Job held = move(queued, JobState.QUEUED, JobEvent.HOLD, null, T0.plusSeconds(1), b -> b.held(true));
    assertThat(store.find(queued.id())).hasValue(held);
    assertThat(held.held()).isTrue();
    Job released = move(held, JobState.QUEUED, JobEvent.RELEASE, null, T0.plusSeconds(2), b -> b.held(false));

    assertThat(store.find(queued.id())).hasValue(released);
    assertThat(store.history(queued.id())).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.HOLD, JobEvent.RELEASE);
  }

  @Test
  void dependentsAreTheJobsWaitingForOneLowestIdFirst() {
    JobId a = insertAt("a", 0, T0);
    JobId b = insertAt("b", 0, T0);
    JobId c = store.insert(JobSpec.builder("echo").after(a).build(), null, T0).job().id();
    JobId d = store.insert(JobSpec.builder("echo").after(b, a).build(), null, T0).job().id();
    store.insert(JobSpec.builder("echo").after(b).build(), null, T0);

    assertThat(store.dependents(a)).containsExactly(c, d);
    assertThat(store.dependents(c)).isEmpty();
    assertThat(store.dependents(JobId.of(987_654_321L))).isEmpty();
  }

  @Test
  void listAbandonableIsTheQueuedJobsWithADependencyFailedForGoodOldestFirst() {
    Job usedUp = failWith(insertWithAttempts("used-up", 1), FailureReason.EXIT_CODE);
    Job retryLeft = failWith(insertWithAttempts("retry-left", 3), FailureReason.EXIT_CODE);
    Job cancelled = failWith(insertWithAttempts("cancelled", 3), FailureReason.CANCELLED);
    JobId completed = insertAt("completed", 0, T0);
    move(start(store.find(completed).orElseThrow(), T0.plusSeconds(1)), JobState.COMPLETED, JobEvent.PASS, null,
        T0.plusSeconds(2), b -> b.finishedAt(T0.plusSeconds(2)));
    JobId onUsedUp = store.insert(JobSpec.builder("echo").after(completed, usedUp.id()).build(), null, T0).job().id();
    store.insert(JobSpec.builder("echo").after(retryLeft.id()).build(), null, T0);
    JobId onCancelled = store.insert(JobSpec.builder("echo").after(cancelled.id()).build(), null, T0).job().id();
    store.insert(JobSpec.builder("echo").after(completed).build(), null, T0);
    Job running = store.insert(JobSpec.builder("echo").after(usedUp.id()).build(), null, T0).job();
    start(running, T0.plusSeconds(3));

    assertThat(store.listAbandonable(100, row -> { })).extracting(Job::id).containsExactly(onUsedUp, onCancelled);
    assertThat(store.listAbandonable(1, row -> { })).extracting(Job::id).containsExactly(onUsedUp);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> store.listAbandonable(0, row -> { }));
  }

  private Job insertWithAttempts(String name, int maxAttempts) {
    return store.insert(JobSpec.builder("echo", name).name(name).maxAttempts(maxAttempts).build(), null, T0).job();
  }

  /** Starts {@code queued} and ends its attempt FAILED with {@code reason}. */
  private Job failWith(Job queued, FailureReason reason) {
    return fail(start(queued, T0.plusSeconds(1)), reason, 1, T0.plusSeconds(2));
  }

  @Test
  void readsChangeNothing() {
    insertAt("q", 3, T0);
    Job p = start(store.insert(spec("p"), "key-p", T0).job(), T0.plusSeconds(1));
    fail(start(store.insert(spec("f"), null, T0).job(), T0.plusSeconds(1)), FailureReason.TIMED_OUT, null,
        T0.plusSeconds(2));
    store.leases().tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false);
    store.leases().recordPass("a", T0.plusSeconds(3), "a problem");
    Snapshot before = snapshot();

    for (int i = 0; i < 3; i++) {
      store.find(p.id());
      store.find(JobId.of(987_654_321L));
      store.list(JobQuery.all());
      store.list(JobQuery.inStates(JobState.QUEUED, JobState.FAILED).withLimit(1));
      store.history(p.id());
      store.history(JobId.of(987_654_321L));
      store.counts();
      store.count(JobState.FAILED);
      store.listRetryable(10, row -> { });
      store.listClaimable(T0.plusSeconds(5), 10, row -> { });
      store.leases().current();
      store.leases().lastPass();
    }

    assertThat(snapshot()).isEqualTo(before);
  }

  // ---- leases -------------------------------------------------------------------------------------------------

  @Test
  void thereIsNoLeaseAtFirst() {
    assertThat(store.leases().current()).isEmpty();
  }

  @Test
  void aFreeLeaseIsAcquired() {
    Optional<Lease> got = store.leases().tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false);

    assertThat(got).isPresent();
    Lease lease = got.get();
    assertThat(lease.holder()).isEqualTo("a");
    assertThat(lease.host()).isEqualTo("host-a");
    assertThat(lease.pid()).isEqualTo(4242L);
    assertThat(lease.acquiredAt()).isEqualTo(T0);
    assertThat(lease.heartbeat()).isEqualTo(T0);
    assertThat(store.leases().current()).contains(lease);
  }

  @Test
  void aLeaseHeldByAFreshLiveHolderIsRefusedAndNothingIsWritten() {
    LeaseStore leases = store.leases();
    Lease held = leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    Optional<Lease> refused = leases.tryAcquire(lease("b", T0.plusSeconds(5)), T0.plusSeconds(5),
        Duration.ofSeconds(30), l -> false);

    assertThat(refused).isEmpty();
    assertThat(leases.current()).contains(held);
  }

  @Test
  void theHolderReacquiringKeepsItsAcquisitionTimeAndRenewsTheHeartbeat() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    Lease again = leases.tryAcquire(lease("a", T0.plusSeconds(10)), T0.plusSeconds(10), Duration.ofSeconds(30),
        l -> false).orElseThrow();

    assertThat(again.holder()).isEqualTo("a");
    assertThat(again.acquiredAt()).isEqualTo(T0);
    assertThat(again.heartbeat()).isEqualTo(T0.plusSeconds(10));
    assertThat(leases.current()).contains(again);
  }

  @Test
  void aStaleHeartbeatLetsAnotherHolderTakeOver() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    Instant later = T0.plusSeconds(31);

    Lease taken = leases.tryAcquire(lease("b", later), later, Duration.ofSeconds(30), l -> false).orElseThrow();

    assertThat(taken.holder()).isEqualTo("b");
    assertThat(taken.host()).isEqualTo("host-b");
    assertThat(taken.acquiredAt()).isEqualTo(later);
    assertThat(taken.heartbeat()).isEqualTo(later);
    assertThat(leases.current()).contains(taken);
  }

  @Test
  void aRenewedHeartbeatKeepsTheLeaseFromGoingStale() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    assertThat(leases.heartbeat("a", T0.plusSeconds(25))).isTrue();

    Optional<Lease> refused = leases.tryAcquire(lease("b", T0.plusSeconds(40)), T0.plusSeconds(40),
        Duration.ofSeconds(30), l -> false);

    assertThat(refused).isEmpty();
    assertThat(leases.current()).map(Lease::holder).contains("a");
    assertThat(leases.current()).map(Lease::heartbeat).contains(T0.plusSeconds(25));
    assertThat(leases.current()).map(Lease::acquiredAt).contains(T0);
  }

  @Test
  void aHolderKnownToBeGoneIsTakenOverAtOnce() {
    LeaseStore leases = store.leases();
    Lease held = leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    List<Lease> asked = new ArrayList<>();

    Lease taken = leases.tryAcquire(lease("b", T0.plusSeconds(1)), T0.plusSeconds(1), Duration.ofSeconds(30), l -> {
      asked.add(l);
      return l.holder().equals("a");
    }).orElseThrow();

    assertThat(asked).containsExactly(held);
    assertThat(taken.holder()).isEqualTo("b");
    assertThat(leases.current()).contains(taken);
  }

  @Test
  void theOldHoldersHeartbeatFailsAfterATakeover() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    leases.tryAcquire(lease("b", T0.plusSeconds(60)), T0.plusSeconds(60), Duration.ofSeconds(30), l -> false)
        .orElseThrow();

    assertThat(leases.heartbeat("a", T0.plusSeconds(61))).isFalse();
    assertThat(leases.current()).map(Lease::heartbeat).contains(T0.plusSeconds(60));
    assertThat(leases.heartbeat("b", T0.plusSeconds(62))).isTrue();
    assertThat(leases.current()).map(Lease::heartbeat).contains(T0.plusSeconds(62));
  }

  @Test
  void heartbeatWithoutALeaseFails() {
    assertThat(store.leases().heartbeat("nobody", T0)).isFalse();
    assertThat(store.leases().current()).isEmpty();
  }

  @Test
  void onlyTheHolderCanReleaseTheLease() {
    LeaseStore leases = store.leases();
    Lease held = leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    leases.release("b");
    assertThat(leases.current()).contains(held);

    leases.release("a");
    assertThat(leases.current()).isEmpty();
    assertThat(leases.tryAcquire(lease("b", T0.plusSeconds(1)), T0.plusSeconds(1), Duration.ofSeconds(30),
        l -> false)).map(Lease::holder).contains("b");
  }

  // ---- pass records (LeaseStore.recordPass / lastPass) -----------------------------------------------------------

  @Test
  void thereIsNoPassRecordUntilTheHolderRecordsOne() {
    LeaseStore leases = store.leases();
    assertThat(leases.lastPass()).isEmpty();

    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    assertThat(leases.lastPass()).isEmpty();
  }

  @Test
  void aCompletedPassIsRecordedWithNoFailuresAndNoProblem() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    leases.recordPass("a", T0.plusSeconds(1), null);

    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(1), 0, null));
    assertThat(leases.lastPass().orElseThrow().ok()).isTrue();
  }

  @Test
  void failingPassesCountUpAndACompletedPassResetsTheCountToZero() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();

    leases.recordPass("a", T0.plusSeconds(1), "the runtime could not be observed");
    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(1), 1,
        "the runtime could not be observed"));
    leases.recordPass("a", T0.plusSeconds(2), "the store is locked");
    leases.recordPass("a", T0.plusSeconds(3), "the store is locked again");
    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(3), 3, "the store is locked again"));

    leases.recordPass("a", T0.plusSeconds(4), null);
    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(4), 0, null));

    leases.recordPass("a", T0.plusSeconds(5), "once more");
    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(5), 1, "once more"));
  }

  @Test
  void aPassRecordedBySomeoneNotHoldingTheLeaseIsIgnoredAndWritesNothing() {
    LeaseStore leases = store.leases();
    leases.recordPass("nobody", T0, "no lease at all");
    assertThat(leases.lastPass()).isEmpty();
    assertThat(leases.current()).isEmpty();

    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    leases.recordPass("a", T0.plusSeconds(1), "a's problem");
    Snapshot before = snapshot();

    leases.recordPass("b", T0.plusSeconds(2), "b is not the holder");
    leases.recordPass("b", T0.plusSeconds(3), null);

    assertThat(snapshot()).isEqualTo(before);
    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(1), 1, "a's problem"));
  }

  @Test
  void aHolderTakingOverStartsWithoutThePreviousHoldersPassRecord() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    leases.recordPass("a", T0.plusSeconds(1), "first");
    leases.recordPass("a", T0.plusSeconds(2), "second");
    Instant later = T0.plusSeconds(60);

    leases.tryAcquire(lease("b", later), later, Duration.ofSeconds(30), l -> false).orElseThrow();

    assertThat(leases.lastPass()).isEmpty();
    leases.recordPass("b", later.plusSeconds(1), "b's first problem");
    assertThat(leases.lastPass()).contains(new PassRecord("b", later.plusSeconds(1), 1, "b's first problem"));
  }

  @Test
  void theHolderReacquiringKeepsItsPassRecord() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    leases.recordPass("a", T0.plusSeconds(1), "still failing");

    leases.tryAcquire(lease("a", T0.plusSeconds(10)), T0.plusSeconds(10), Duration.ofSeconds(30), l -> false)
        .orElseThrow();

    assertThat(leases.lastPass()).contains(new PassRecord("a", T0.plusSeconds(1), 1, "still failing"));
  }

  @Test
  void releasingTheLeaseForgetsThePassRecord() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    leases.recordPass("a", T0.plusSeconds(1), "failing");

    leases.release("a");

    assertThat(leases.lastPass()).isEmpty();
    leases.tryAcquire(lease("a", T0.plusSeconds(2)), T0.plusSeconds(2), Duration.ofSeconds(30), l -> false)
        .orElseThrow();
    assertThat(leases.lastPass()).isEmpty();
  }

  @Test
  void aPassProblemWithAwkwardTextRoundTripsLosslessly() {
    LeaseStore leases = store.leases();
    leases.tryAcquire(lease("a", T0), T0, Duration.ofSeconds(30), l -> false).orElseThrow();
    String problem = "tmux said: 'no server running on /tmp/tmux-0/x y'\nline 2\t$(x); ünï 🚀 \"q\" 5:abc,";

    leases.recordPass("a", T0.plusMillis(1), problem);

    assertThat(leases.lastPass()).map(PassRecord::problem).contains(problem);
    assertThat(leases.lastPass()).map(PassRecord::at).contains(T0.plusMillis(1));
  }

    // ---- close --------------------------------------------------------------------------------------------------

  @Test
  void closeIsIdempotent() {
    store.insert(spec("c"), null, T0);

    assertThatCode(() -> {
      store.close();
      store.close();
    }).doesNotThrowAnyException();
  }

  // ---- change signals -------------------------------------------------------------------------------------------

  /**
   * A second store over the same data as {@link #store} (as a second process opening the same database would get),
   * or empty when the store cannot be opened twice. Stores whose {@link JobStore#signalsChanges()} is true must
   * return one: the wake-up rules are checked with it. The test closes it.
   */
  protected Optional<JobStore> sameDataStore() {
    return Optional.empty();
  }

  @Test
  void theStoresOwnWritesAndReadsDoNotWakeAwaitChange() throws Exception {
    Job queued = store.insert(spec("own"), null, T0).job();
    store.compareAndSet(queued, cancelled(queued), cancelRow(queued));
    store.list(JobQuery.all());
    store.counts();

    assertThat(store.awaitChange(Duration.ofMillis(100))).as("woken by its own writes").isFalse();
  }

  @Test
  void aWriteByAnotherInstanceBeforeTheWaitWakesIt() throws Exception {
    Optional<JobStore> other = signallingTwin();
    if (other.isEmpty()) {
      assertThat(store.awaitChange(Duration.ofMillis(10))).as("a store that does not signal never wakes").isFalse();
      return;
    }
    try (JobStore second = other.get()) {
      store.awaitChange(Duration.ZERO); // whatever opening the second instance did is seen and forgotten
      second.insert(spec("elsewhere"), null, T0);

      assertThat(store.awaitChange(Duration.ofSeconds(30))).as("a change made while nobody waited is kept").isTrue();
      assertThat(store.awaitChange(Duration.ofMillis(50))).as("one change wakes once").isFalse();
    }
  }

  @Test
  void aWriteByAnotherInstanceDuringTheWaitWakesIt() throws Exception {
    Optional<JobStore> other = signallingTwin();
    if (other.isEmpty()) {
      assertThat(store.signalsChanges()).isFalse();
      return;
    }
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try (JobStore second = other.get()) {
      store.awaitChange(Duration.ZERO);
      CountDownLatch waiting = new CountDownLatch(1);
      Future<Boolean> woken = waiter.submit(() -> {
        waiting.countDown();
        return store.awaitChange(Duration.ofSeconds(30));
      });
      waiting.await();
      Job job = second.insert(spec("elsewhere"), null, T0).job();
      second.compareAndSet(job, cancelled(job), cancelRow(job));

      assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void aClosedStoreDoesNotWait() throws Exception {
    store.close();

    assertThat(store.awaitChange(Duration.ofMillis(10))).isFalse();
  }

  private Optional<JobStore> signallingTwin() {
    Optional<JobStore> other = sameDataStore();
    if (store.signalsChanges() && other.isEmpty()) {
      throw new AssertionError("a store that signals changes must give sameDataStore() for the wake-up rules");
    }
    if (!store.signalsChanges()) {
      other.ifPresent(JobStore::close);
      return Optional.empty();
    }
    return other;
  }

  private static Job cancelled(Job queued) {
    return queued.toBuilder().state(JobState.FAILED).failureReason(FailureReason.CANCELLED)
        .updatedAt(T0.plusMillis(1)).finishedAt(T0.plusMillis(1)).version(queued.version() + 1).build();
  }

  private static Transition cancelRow(Job queued) {
    return new Transition(queued.id(), 0, JobState.QUEUED, JobState.FAILED, JobEvent.CANCEL,
        FailureReason.CANCELLED, null, "contract", T0.plusMillis(1));
  }


  // ---- the outbox: hooks and deliveries ---------------------------------------------------------------------------

  private static final HookTarget NOTIFY = HookTarget.command("/usr/bin/notify", "a b", "", "$(x); `y`", "ü 🚀\n");

  /**
   * Whether the store keeps hooks ({@link OutboxStore#keepsHooks()}). One that keeps none must refuse a hook and hold
   * no delivery; the outbox rules then hold for it vacuously (a lifecycle refuses jobs with hooks on it).
   */
  private boolean keepsHooks() {
    if (store.outbox().keepsHooks()) {
      return true;
    }
    assertThatThrownBy(() -> store.outbox().addHook(HookTrigger.FINISH, null, NOTIFY, null, T0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(store.outbox().hooks()).isEmpty();
    assertThat(store.outbox().due(T0.plusSeconds(3600), 10)).isEmpty();
    assertThat(store.outbox().counts()).isEqualTo(new OutboxStore.Counts(0, 0));
    return false;
  }

  @Test
  void storeHooksRoundTripLowestIdFirstAndRemovingOneKeepsTheOthers() {
    if (!keepsHooks()) {
      return;
    }
    Hook a = store.outbox().addHook(HookTrigger.FINISH, null, NOTIFY, "ops", T0);
    Hook b = store.outbox().addHook(HookTrigger.on(JobEvent.CANCEL), "gpu",
        HookTarget.webhook("https://example.test:8443/hook?x=1&y=ü"), null, T0.plusMillis(1));
    Hook c = store.outbox().addHook(HookTrigger.entering(JobState.VERIFICATION), null, HookTarget.command("x"), "o",
        T0.plusMillis(2));

    assertThat(store.outbox().keepsHooks()).isTrue();
    assertThat(a.id()).isPositive();
    assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates().isSorted();
    assertThat(store.outbox().hooks()).containsExactly(a, b, c);
    assertThat(a).isEqualTo(new Hook(a.id(), HookTrigger.FINISH, null, NOTIFY, "ops", T0));
    assertThat(store.outbox().removeHook(b.id())).isTrue();
    assertThat(store.outbox().removeHook(b.id())).as("already removed").isFalse();
    assertThat(store.outbox().removeHook(999_999)).isFalse();
    assertThat(store.outbox().hooks()).containsExactly(a, c);
  }

  @Test
  void aChangeAHookMatchesWritesOnePendingDeliveryWithTheChangesFields() {
    if (!keepsHooks()) {
      return;
    }
    Hook hook = store.outbox().addHook(HookTrigger.entering(JobState.FAILED), null, NOTIFY, null, T0);
    Job queued = store.insert(spec("failing"), null, T0).job();
    Job running = start(queued, T0.plusMillis(5));
    assertThat(store.outbox().forJob(queued.id())).as("neither SUBMIT nor START enters FAILED").isEmpty();

    Job failed = fail(running, FailureReason.EXIT_CODE, -3, T0.plusMillis(9));

    List<Delivery> ds = store.outbox().forJob(queued.id());
    assertThat(ds).hasSize(1);
    Delivery d = ds.get(0);
    assertThat(d.id()).isPositive();
    assertThat(d).isEqualTo(new Delivery(d.id(), queued.id(), 1, JobState.PROCESSING, JobState.FAILED,
        JobEvent.EXITED, FailureReason.EXIT_CODE, -3, "hook " + hook.id(), NOTIFY, Delivery.Status.PENDING, 0,
        T0.plusMillis(9), null, T0.plusMillis(9), null));
    assertThat(failed.exitCode()).isEqualTo(-3);
    assertThat(store.outbox().counts()).isEqualTo(new OutboxStore.Counts(1, 0));
  }

  @Test
  void aRefusedChangeWritesNoDelivery() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.on(JobEvent.START), null, NOTIFY, null, T0);
    Job queued = store.insert(spec("raced"), null, T0).job();
    start(queued, T0.plusMillis(1));
    Change again = startChange(queued, T0.plusMillis(2));

    assertThat(store.compareAndSet(queued, again.next(), again.transition())).isFalse();

    assertThat(store.outbox().forJob(queued.id())).hasSize(1);
  }

  @Test
  void aJobsOwnHooksRoundTripWithItsSpecAndAreCalledForBeforeTheStoresHooks() {
    if (!keepsHooks()) {
      return;
    }
    Hook storeHook = store.outbox().addHook(HookTrigger.on(JobEvent.SUBMIT), null, HookTarget.command("s"), null,
        T0);
    HookTarget web = HookTarget.webhook("http://127.0.0.1:1/x");
    JobSpec hooked = JobSpec.builder("true").hook(HookTrigger.entering(JobState.QUEUED), NOTIFY)
        .hook(HookTrigger.on(JobEvent.SUBMIT), web).onFinish(HookTarget.command("done")).build();

    Job job = store.insert(hooked, null, T0).job();

    assertThat(store.find(job.id()).orElseThrow().spec()).isEqualTo(hooked);
    assertThat(store.find(job.id()).orElseThrow().spec().hooks()).hasSize(3);
    assertThat(store.outbox().forJob(job.id())).extracting(Delivery::source, Delivery::target, Delivery::event,
            Delivery::from, Delivery::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("job", NOTIFY, JobEvent.SUBMIT, null, 0),
            org.assertj.core.groups.Tuple.tuple("job", web, JobEvent.SUBMIT, null, 0),
            org.assertj.core.groups.Tuple.tuple("hook " + storeHook.id(), HookTarget.command("s"), JobEvent.SUBMIT,
                null, 0));
    assertThat(store.outbox().forJob(job.id())).extracting(Delivery::id).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theAwkwardSpecsHooksReadBackEqual() {
    Job job = store.insert(awkwardSpec(), null, T0).job();

    assertThat(store.find(job.id()).orElseThrow().spec().hooks()).isEqualTo(awkwardSpec().hooks());
    assertThat(store.list(JobQuery.all()).get(0).spec()).isEqualTo(awkwardSpec());
  }

  @Test
  void finishIsCalledForByCompletedAndByFailedForGoodButNotByAFailureThatMayBeRetried() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.FINISH, null, NOTIFY, null, T0);
    Job twice = store.insert(JobSpec.builder("x").maxAttempts(2).build(), null, T0).job();
    Job first = fail(start(twice, T0.plusMillis(1)), FailureReason.EXIT_CODE, 1, T0.plusMillis(2));
    assertThat(store.outbox().forJob(twice.id())).as("attempt 1 may be retried").isEmpty();

    fail(start(retry(first, null, T0.plusMillis(3)), T0.plusMillis(4)), FailureReason.EXIT_CODE, 1,
        T0.plusMillis(5));
    Job ok = store.insert(spec("ok"), null, T0).job();
    move(start(ok, T0.plusMillis(1)), JobState.COMPLETED, JobEvent.EXITED, null, T0.plusMillis(6),
        b -> b.exitCode(0).finishedAt(T0.plusMillis(6)));
    Job cancelled = store.insert(spec("cancelled"), null, T0).job();
    write(cancelled, cancelled(cancelled), cancelTransition(cancelled));

    assertThat(store.outbox().forJob(twice.id())).extracting(Delivery::attempt, Delivery::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, JobState.FAILED));
    assertThat(store.outbox().forJob(ok.id())).extracting(Delivery::state).containsExactly(JobState.COMPLETED);
    assertThat(store.outbox().forJob(cancelled.id())).extracting(Delivery::reason)
        .containsExactly(FailureReason.CANCELLED);
  }

  @Test
  void aGroupHookIsCalledForOnlyByItsGroupsJobs() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.on(JobEvent.SUBMIT), "gpu", NOTIFY, null, T0);

    Job gpu = store.insert(JobSpec.builder("x").group("gpu").build(), null, T0).job();
    Job other = store.insert(JobSpec.builder("x").group("cpu").build(), null, T0).job();
    Job plain = store.insert(spec("default"), null, T0).job();

    assertThat(store.outbox().forJob(gpu.id())).hasSize(1);
    assertThat(store.outbox().forJob(other.id())).isEmpty();
    assertThat(store.outbox().forJob(plain.id())).isEmpty();
  }

  @Test
  void aChangeThatStaysQueuedEntersNoStateButMatchesItsEvent() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.entering(JobState.QUEUED), null, HookTarget.command("entered"), null, T0);
    store.outbox().addHook(HookTrigger.on(JobEvent.HOLD), null,
        HookTarget.command("held"), null, T0);
    Job queued = store.insert(spec("held"), null, T0).job();
    Job held = queued.toBuilder().held(true).version(1).updatedAt(T0.plusMillis(1)).build();

    write(queued, held, new Transition(queued.id(), 0, JobState.QUEUED, JobState.QUEUED, JobEvent.HOLD, null, null,
        "ops", T0.plusMillis(1)));

    assertThat(store.outbox().forJob(queued.id())).extracting(Delivery::target, Delivery::event).containsExactly(
        org.assertj.core.groups.Tuple.tuple(HookTarget.command("entered"), JobEvent.SUBMIT),
        org.assertj.core.groups.Tuple.tuple(HookTarget.command("held"), JobEvent.HOLD));
  }

  @Test
  void claimsAndBatchesWriteTheDeliveriesOfTheChangesTheyApplyOnly() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.on(JobEvent.START), null, NOTIFY, null, T0);
    store.outbox().addHook(HookTrigger.on(JobEvent.CANCEL), null, NOTIFY, null, T0);
    Job a = store.insert(spec("a"), null, T0).job();
    Job b = store.insert(spec("b"), null, T0.plusMillis(1)).job();
    Job c = store.insert(spec("c"), null, T0.plusMillis(2)).job();

    List<Job> claimed = store.claimAll(T0.plusMillis(5), 10, 2, (candidate, running) ->
        Optional.of(startChange(candidate, T0.plusMillis(5))));
    Job cNow = store.find(c.id()).orElseThrow();
    List<Boolean> applied = store.compareAndSetAll(List.of(
        new JobStore.Swap(cNow, cancelled(cNow), cancelTransition(cNow)),
        new JobStore.Swap(a, cancelled(a), cancelTransition(a)))); // a moved on: refused

    assertThat(claimed).extracting(Job::id).containsExactly(a.id(), b.id());
    assertThat(applied).containsExactly(true, false);
    assertThat(store.outbox().forJob(a.id())).extracting(Delivery::event).containsExactly(JobEvent.START);
    assertThat(store.outbox().forJob(b.id())).extracting(Delivery::event).containsExactly(JobEvent.START);
    assertThat(store.outbox().forJob(c.id())).extracting(Delivery::event).containsExactly(JobEvent.CANCEL);
  }

  @Test
  void dueIsPendingByDueTimeThenIdAndEachTryIsRecordedOnce() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.on(JobEvent.SUBMIT), null, NOTIFY, null, T0);
    JobId late = store.insert(spec("late"), null, T0.plusMillis(20)).job().id();
    JobId early = store.insert(spec("early"), null, T0.plusMillis(10)).job().id();
    JobId third = store.insert(spec("third"), null, T0.plusMillis(20)).job().id();
    Delivery dEarly = store.outbox().forJob(early).get(0);
    Delivery dLate = store.outbox().forJob(late).get(0);
    Delivery dThird = store.outbox().forJob(third).get(0);

    assertThat(store.outbox().due(T0.plusMillis(9), 10)).isEmpty();
    assertThat(store.outbox().due(T0.plusMillis(20), 10)).containsExactly(dEarly, dLate, dThird);
    assertThat(store.outbox().due(T0.plusMillis(20), 2)).containsExactly(dEarly, dLate);

    Instant t = T0.plusMillis(30);
    Delivery delivered = dEarly.tried(Delivery.Status.DELIVERED, t, t, null);
    assertThat(store.outbox().record(delivered)).isTrue();
    assertThat(store.outbox().record(delivered)).as("the same try twice").isFalse();
    Delivery retry = dLate.tried(Delivery.Status.PENDING, t, t.plusSeconds(2), "exited with code 1; 'ü'\n");
    assertThat(store.outbox().record(retry)).isTrue();
    Delivery parked = dThird.tried(Delivery.Status.FAILED, t, t, "gone");
    assertThat(store.outbox().record(parked)).isTrue();
    assertThat(store.outbox().record(dThird.tried(Delivery.Status.DELIVERED, t, t, null)))
        .as("a given-up delivery stays given up").isFalse();

    assertThat(store.outbox().forJob(early)).containsExactly(delivered);
    assertThat(store.outbox().forJob(late)).containsExactly(retry);
    assertThat(store.outbox().forJob(third)).containsExactly(parked);
    assertThat(delivered.finishedAt()).isEqualTo(t);
    assertThat(retry.finishedAt()).isNull();
    assertThat(store.outbox().due(t.plusSeconds(1), 10)).isEmpty();
    assertThat(store.outbox().nextDueAfter(t)).contains(t.plusSeconds(2));
    assertThat(store.outbox().nextDueAfter(t.plusSeconds(2))).isEmpty();
    assertThat(store.outbox().due(t.plusSeconds(2), 10)).containsExactly(retry);
    assertThat(store.outbox().counts()).isEqualTo(new OutboxStore.Counts(1, 1));
    assertThat(store.outbox().forJob(JobId.of(999_999))).isEmpty();
  }

  @Test
  void removingAHookStopsNewDeliveriesAndKeepsTheWrittenOnes() {
    if (!keepsHooks()) {
      return;
    }
    Hook hook = store.outbox().addHook(HookTrigger.on(JobEvent.SUBMIT), null, NOTIFY, null, T0);
    JobId before = store.insert(spec("before"), null, T0).job().id();

    store.outbox().removeHook(hook.id());
    JobId after = store.insert(spec("after"), null, T0).job().id();

    assertThat(store.outbox().forJob(before)).hasSize(1);
    assertThat(store.outbox().forJob(after)).isEmpty();
  }

  @Test
  void anIdempotentResubmitWritesNoSecondDelivery() {
    if (!keepsHooks()) {
      return;
    }
    store.outbox().addHook(HookTrigger.on(JobEvent.SUBMIT), null, NOTIFY, null, T0);
    JobId id = store.insert(spec("once"), "key-1", T0).job().id();

    assertThat(store.insert(spec("once"), "key-1", T0.plusMillis(1)).created()).isFalse();

    assertThat(store.outbox().forJob(id)).hasSize(1);
    assertThat(store.outbox().counts().pending()).isEqualTo(1);
  }

  private static Transition cancelTransition(Job queued) {
    return new Transition(queued.id(), queued.attempt(), queued.state(), JobState.FAILED, JobEvent.CANCEL,
        FailureReason.CANCELLED, "no", "ops", T0.plusMillis(1));
  }

  private static JobSpec spec(String name) {
    return JobSpec.builder("echo", name).name(name).build();
  }

  /** A spec with every character and field a store could mangle. */
  protected static JobSpec awkwardSpec() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PLAIN", "1");
    env.put("EMPTY", "");
    env.put("SPACES", "  a  b  ");
    env.put("QUOTES", "\"double\" 'single' `back`");
    env.put("SHELL", "$(rm -rf /); echo $HOME && |>");
    env.put("LINES", "one\ntwo\r\nthree\ttab");
    env.put("UNICODE", "ünïcødé ✓ 🚀 日本");
    return new JobSpec(
        "name with spaces, 'quotes', ü 🚀 and ; $(x)",
        List.of("/bin/echo", "a b", "\"double\"", "'single'", "$(whoami)", "`id`", "a;b", "x && y | z",
            "line1\nline2", "tab\there", "", " ", "ünïcødé", "🚀🎉", "back\\slash", "%s %n %%", "--flag=v=w",
            "*?[glob]", "null\u0001ctl"),
        "/tmp/dir with spaces/ü 🚀",
        env,
        7,
        5,
        Duration.ofMinutes(90).plusMillis(250),
        List.of(new VerifierSpec.Command("test -f 'out file' && grep -q \"ok\" out; exit $?", Duration.ofSeconds(45)),
            new VerifierSpec.FileExists("results/ü 🚀.json"),
            new VerifierSpec.Approval(),
            new VerifierSpec.Custom("checksum", "sha256=abc; $(x)\nline"),
            new VerifierSpec.Custom("bare", "")),
        List.of(), JobSpec.DEFAULT_GROUP, null,
        List.of(new JobHook(HookTrigger.FINISH, HookTarget.command("/bin/notify", "a b", "", "$(x); `y`", "ü 🚀\n")),
            new JobHook(HookTrigger.entering(JobState.FAILED), HookTarget.webhook("http://127.0.0.1:9/a?b=c&d")),
            new JobHook(HookTrigger.on(JobEvent.CANCEL), HookTarget.command("page-me"))));
  }

  private JobId insertAt(String name, int priority, Instant at) {
    return store.insert(JobSpec.builder("echo", name).name(name).priority(priority).build(), null, at).job().id();
  }

  private static Lease lease(String holder, Instant at) {
    return new Lease(holder, "host-" + holder, 4242L, at, at);
  }

  /** The START change a lifecycle would decide for {@code queued} at {@code now}. */
  private static Change startChange(Job queued, Instant now) {
    int attempt = queued.attempt() + 1;
    Job next = queued.toBuilder().state(JobState.PROCESSING).attempt(attempt)
        .session(SessionNames.of(queued.id(), queued.name(), attempt)).owner(OWNER).exitCode(null)
        .failureReason(null).failureDetail(null).notBefore(null).startedAt(now).finishedAt(null).updatedAt(now)
        .version(queued.version() + 1).build();
    Transition t = new Transition(queued.id(), attempt, JobState.QUEUED, JobState.PROCESSING, JobEvent.START, null,
        null, OWNER, now);
    return new Change(next, t);
  }

  private Job start(Job queued, Instant now) {
    Change c = startChange(queued, now);
    return write(queued, c.next(), c.transition());
  }

  private Job fail(Job processing, FailureReason reason, Integer exitCode, Instant now) {
    JobEvent event = switch (reason) {
      case EXIT_CODE -> JobEvent.EXITED;
      case SESSION_LOST, LAUNCH_FAILED -> JobEvent.LOST;
      case TIMED_OUT -> JobEvent.TIME_OUT;
      case VERIFICATION_FAILED -> JobEvent.REJECT;
      case CANCELLED -> JobEvent.CANCEL;
      case DEPENDENCY_FAILED -> JobEvent.ABANDON;
    };
    return move(processing, JobState.FAILED, event, reason, now,
        b -> b.exitCode(exitCode).failureReason(reason).failureDetail("failed: " + reason).finishedAt(now));
  }

  private Job retry(Job failed, Instant notBefore, Instant now) {
    return move(failed, JobState.QUEUED, JobEvent.RETRY, null, now,
        b -> b.notBefore(notBefore).exitCode(null).failureReason(null).failureDetail(null).finishedAt(null));
  }

  private Job move(Job from, JobState to, JobEvent event, FailureReason reason, Instant now,
      UnaryOperator<Job.Builder> change) {
    Job next = change.apply(from.toBuilder().state(to).updatedAt(now).version(from.version() + 1)).build();
    Transition t = new Transition(from.id(), next.attempt(), from.state(), to, event, reason,
        reason == null ? null : "failed: " + reason, OWNER, now);
    return write(from, next, t);
  }

  private Job write(Job expected, Job next, Transition t) {
    assertThat(store.compareAndSet(expected, next, t)).as("setting up %s -> %s", expected.state(), next.state())
        .isTrue();
    return next;
  }

  /** Everything a store holds, read through its own API. */
  private Snapshot snapshot() {
    List<Job> jobs = store.list(JobQuery.all());
    Map<JobId, List<Transition>> histories = new LinkedHashMap<>();
    for (Job j : jobs) {
      histories.put(j.id(), store.history(j.id()));
    }
    return new Snapshot(jobs, histories, store.counts(), store.leases().current(), store.leases().lastPass());
  }

  private record Snapshot(List<Job> jobs, Map<JobId, List<Transition>> histories, Map<JobState, Long> counts,
      Optional<Lease> lease, Optional<PassRecord> lastPass) {}
}
