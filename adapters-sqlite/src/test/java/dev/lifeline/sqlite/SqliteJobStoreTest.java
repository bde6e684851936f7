package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  @TempDir
  Path dir;

  private Path file;
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    file = dir.resolve("lifeline.db");
    store = SqliteJobStore.create(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static JobSpec spec(String name, int priority) {
    return JobSpec.builder("echo", name).name(name).priority(priority).build();
  }

  private static Job started(Job j, Instant now, String session) {
    return j.toBuilder().state(JobState.PROCESSING).attempt(j.attempt() + 1).session(session).owner("me")
        .startedAt(now).updatedAt(now).version(j.version() + 1).build();
  }

  private static Transition edge(Job from, Job to, JobEvent event, Instant at) {
    return new Transition(from.id(), to.attempt(), from.state(), to.state(), event, to.failureReason(), null,
        "test", at);
  }

  private static JobStore.ClaimDecider startAll(Instant now) {
    return (candidate, running) -> {
      Job next = started(candidate, now, "s-" + candidate.id());
      return Optional.of(new JobStore.Change(next, edge(candidate, next, JobEvent.START, now)));
    };
  }

  @Test
  void insertStoresAQueuedJobAtVersionZeroWithItsSubmitRow() {
    Job job = store.insert(spec("a", 0), null, T0).job();

    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.version()).isZero();
    assertThat(store.find(job.id())).contains(job);
    assertThat(store.history(job.id())).singleElement().satisfies(t -> {
      assertThat(t.from()).isNull();
      assertThat(t.to()).isEqualTo(JobState.QUEUED);
      assertThat(t.event()).isEqualTo(JobEvent.SUBMIT);
      assertThat(t.at()).isEqualTo(T0);
    });
  }

  @Test
  void everySpecFieldRoundTripsExactly() {
    JobSpec spec = JobSpec.builder(List.of("sh", "-c", "echo \"$X\" 'y';\n\tz", "", "3:ab,", ",", ":", "0:",
            "ünï😀código", "a\u0000b", "\\"))
        .name("name with spaces, commas: and 😀")
        .cwd("/tmp/dir with space")
        .env("X", "1=2")
        .env("EMPTY", "")
        .env("K:3", "v,4:")
        .priority(-7)
        .maxAttempts(3)
        .timeout(Duration.ofNanos(90_000_000_123L))
        .verify(new VerifierSpec.Command("test -f out", Duration.ofSeconds(7)))
        .verify(new VerifierSpec.FileExists("out.txt"))
        .verify(new VerifierSpec.Approval())
        .verify(new VerifierSpec.Custom("mine", "arg: 1, 2"))
        .verify(new VerifierSpec.Custom("empty", ""))
        .build();

    Job job = store.insert(spec, "key-1", T0).job();

    Job read = store.find(job.id()).orElseThrow();
    assertThat(read.spec()).isEqualTo(spec);
    assertThat(new ArrayList<>(read.spec().env().keySet())).containsExactly("X", "EMPTY", "K:3");
    assertThat(read.idempotencyKey()).isEqualTo("key-1");
  }

  @Test
  void textThatUtf8CannotHoldIsRefusedInsteadOfAltered() {
    JobSpec spec = JobSpec.builder("echo", "\uD800").build();

    assertThatThrownBy(() -> store.insert(spec, null, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argv[1]");
    assertThat(store.list(JobQuery.all())).isEmpty();
  }

  @Test
  void instantsAreStoredToTheMillisecond() {
    Instant precise = Instant.parse("2026-01-02T03:04:05.678912345Z");

    Job job = store.insert(spec("a", 0), null, precise).job();

    assertThat(job.createdAt()).isEqualTo(T0);
    assertThat(store.find(job.id()).orElseThrow().createdAt()).isEqualTo(T0);
  }

  @Test
  void theSameIdempotencyKeyReturnsTheFirstJobAndWritesNothing() {
    Job first = store.insert(spec("a", 0), "k", T0).job();

    JobStore.Inserted again = store.insert(spec("b", 5), "k", T0.plusSeconds(1));

    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(first);
    assertThat(store.list(JobQuery.all())).hasSize(1);
    assertThat(store.history(first.id())).hasSize(1);
  }

  @Test
  void compareAndSetWritesOnlyWhenStateAndVersionStillMatch() {
    Job job = store.insert(spec("a", 0), null, T0).job();
    Job next = started(job, T0.plusSeconds(1), "a-1-1");

    assertThat(store.compareAndSet(job, next, edge(job, next, JobEvent.START, T0.plusSeconds(1)))).isTrue();
    Job stale = started(job, T0.plusSeconds(2), "a-1-1-again");
    assertThat(store.compareAndSet(job, stale, edge(job, stale, JobEvent.START, T0.plusSeconds(2)))).isFalse();

    assertThat(store.find(job.id())).contains(next);
    assertThat(store.history(job.id())).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START);
  }

  @Test
  void compareAndSetRefusesAChangeThatDoesNotAdvanceTheVersionByOne() {
    Job job = store.insert(spec("a", 0), null, T0).job();
    Job next = started(job, T0, "s").toBuilder().version(5).build();

    assertThatThrownBy(() -> store.compareAndSet(job, next, edge(job, next, JobEvent.START, T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.find(job.id())).contains(job);
  }

  @Test
  void claimNextTakesHighestPriorityThenOldestThenLowestIdAndRespectsNotBefore() {
    Job low = store.insert(spec("low", 0), null, T0).job();
    Job highLater = store.insert(spec("high-later", 5), null, T0.plusSeconds(2)).job();
    Job highEarly = store.insert(spec("high-early", 5), null, T0.plusSeconds(1)).job();
    Job deferred = store.insert(spec("deferred", 9), null, T0).job();
    Job waiting = deferred.toBuilder().notBefore(T0.plusSeconds(60)).version(1).build();
    assertThat(store.compareAndSet(deferred, waiting,
        new Transition(deferred.id(), 0, JobState.QUEUED, JobState.QUEUED, JobEvent.RETRY, null, null, "t", T0)))
        .as("the store records what it is given; edges are the lifecycle's business").isTrue();
    Instant now = T0.plusSeconds(10);

    List<String> order = new ArrayList<>();
    for (Optional<Job> j; (j = store.claimNext(now, 10, startAll(now))).isPresent(); ) {
      order.add(j.get().name());
    }

    assertThat(order).containsExactly("high-early", "high-later", "low");
    assertThat(store.counts().get(JobState.PROCESSING)).isEqualTo(3L);
    assertThat(store.find(deferred.id())).map(Job::state).contains(JobState.QUEUED);
    assertThat(low.id().value()).isLessThan(highLater.id().value()).isLessThan(highEarly.id().value());
  }

  @Test
  void claimNextSkipsJobsWhoseNotBeforeIsInTheFuture() {
    Job job = store.insert(spec("a", 0), null, T0).job();
    Job failed = job.toBuilder().state(JobState.FAILED).failureReason(FailureReason.EXIT_CODE).version(1).build();
    store.compareAndSet(job, failed, edge(job, failed, JobEvent.CANCEL, T0));
    Job requeued = failed.toBuilder().state(JobState.QUEUED).failureReason(null).notBefore(T0.plusSeconds(30))
        .version(2).build();
    store.compareAndSet(failed, requeued, edge(failed, requeued, JobEvent.RETRY, T0));

    assertThat(store.claimNext(T0.plusSeconds(29), 10, startAll(T0))).isEmpty();
    assertThat(store.claimNext(T0.plusSeconds(30), 10, startAll(T0))).isPresent();
  }

  @Test
  void claimNextClaimsNothingWhenMaxConcurrentJobsAreProcessing() {
    for (int i = 0; i < 3; i++) {
      store.insert(spec("j" + i, 0), null, T0);
    }

    assertThat(store.claimNext(T0, 2, startAll(T0))).isPresent();
    assertThat(store.claimNext(T0, 2, startAll(T0))).isPresent();
    assertThat(store.claimNext(T0, 2, startAll(T0))).isEmpty();
    assertThat(store.counts().get(JobState.QUEUED)).isEqualTo(1L);
  }

  @Test
  void claimNextOffersCandidatesBeyondTheFirstPageWhenEarlierOnesAreSkipped() {
    for (int i = 0; i < 40; i++) {
      store.insert(spec("j" + i, 0), null, T0.plusMillis(i));
    }
    List<Integer> offered = new ArrayList<>();

    Optional<Job> claimed = store.claimNext(T0, 10, (candidate, running) -> {
      offered.add((int) candidate.id().value());
      return candidate.name().equals("j37") ? startAll(T0).decide(candidate, running) : Optional.empty();
    });

    assertThat(claimed).map(Job::name).contains("j37");
    assertThat(offered).hasSize(38).isSorted();
  }

  @Test
  void aDeciderThatThrowsLeavesNothingWritten() {
    Job job = store.insert(spec("a", 0), null, T0).job();

    assertThatThrownBy(() -> store.claimNext(T0, 10, (c, r) -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    assertThat(store.find(job.id())).contains(job);
    assertThat(store.history(job.id())).hasSize(1);
  }

  @Test
  void twoActiveJobsCannotHoldTheSameSessionName() {
    Job a = store.insert(spec("a", 0), null, T0).job();
    Job b = store.insert(spec("b", 0), null, T0).job();
    Job aStarted = started(a, T0, "shared");
    assertThat(store.compareAndSet(a, aStarted, edge(a, aStarted, JobEvent.START, T0))).isTrue();
    Job bStarted = started(b, T0, "shared");

    assertThatThrownBy(() -> store.compareAndSet(b, bStarted, edge(b, bStarted, JobEvent.START, T0)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(store.find(b.id())).contains(b);
    assertThat(store.history(b.id())).hasSize(1);

    Job aDone = aStarted.toBuilder().state(JobState.COMPLETED).finishedAt(T0).version(2).build();
    assertThat(store.compareAndSet(aStarted, aDone, edge(aStarted, aDone, JobEvent.PASS, T0))).isTrue();
    assertThat(store.compareAndSet(b, bStarted, edge(b, bStarted, JobEvent.START, T0))).isTrue();
  }

  @Test
  void listReturnsNewestFirstFilteredAndLimited() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      jobs.add(store.insert(spec("j" + i, 0), null, T0).job());
    }
    store.claimNext(T0, 10, startAll(T0));

    assertThat(store.list(JobQuery.all())).extracting(Job::name).containsExactly("j4", "j3", "j2", "j1", "j0");
    assertThat(store.list(JobQuery.inStates(JobState.QUEUED).withLimit(2))).extracting(Job::name)
        .containsExactly("j4", "j3");
    assertThat(store.list(JobQuery.inStates(JobState.PROCESSING))).extracting(Job::name).containsExactly("j0");
    assertThat(store.counts()).isEqualTo(Map.of(JobState.QUEUED, 4L, JobState.PROCESSING, 1L,
        JobState.VERIFICATION, 0L, JobState.COMPLETED, 0L, JobState.FAILED, 0L));
  }

  @Test
  void aNewFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
    store.insert(spec("a", 0), null, T0);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Path wal = Path.of(file + "-wal");
    assertThat(wal).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
  }

  @Test
  void aNewFileIsMigratedToTheLatestSchemaInWalMode() throws Exception {
    assertThat(store.schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion()).isEqualTo(1);
    assertThat(store.file()).isEqualTo(file.toAbsolutePath());
    assertThat(store.quickCheck()).isEqualTo("ok");
    byte[] header = Files.readAllBytes(file);
    assertThat(header[18]).as("file format write version 2 = WAL").isEqualTo((byte) 2);
  }

  @Test
  void theLeaseGoesToOneHolderUntilItIsStaleReleasedOrGone() {
    Lease a = new Lease("h:1", "h", 1, T0, T0);
    Lease b = new Lease("h:2", "h", 2, T0, T0);
    Duration stale = Duration.ofSeconds(30);

    assertThat(store.leases().current()).isEmpty();
    assertThat(store.leases().tryAcquire(a, T0, stale, l -> false)).map(Lease::holder).contains("h:1");
    assertThat(store.leases().tryAcquire(b, T0.plusSeconds(10), stale, l -> false)).isEmpty();
    assertThat(store.leases().heartbeat("h:1", T0.plusSeconds(20))).isTrue();
    assertThat(store.leases().heartbeat("h:2", T0.plusSeconds(20))).isFalse();
    assertThat(store.leases().tryAcquire(b, T0.plusSeconds(45), stale, l -> false)).isEmpty();
    assertThat(store.leases().tryAcquire(b, T0.plusSeconds(45), stale, l -> l.pid() == 1))
        .map(Lease::holder).contains("h:2");
    assertThat(store.leases().current()).map(Lease::acquiredAt).contains(T0.plusSeconds(45));
    store.leases().release("h:1");
    assertThat(store.leases().current()).map(Lease::holder).contains("h:2");
    store.leases().release("h:2");
    assertThat(store.leases().current()).isEmpty();
  }

  @Test
  void aStaleLeaseIsTakenOver() {
    Lease a = new Lease("h:1", "h", 1, T0, T0);
    Lease b = new Lease("h:2", "h", 2, T0, T0);
    store.leases().tryAcquire(a, T0, Duration.ofSeconds(30), l -> false);

    assertThat(store.leases().tryAcquire(b, T0.plusSeconds(31), Duration.ofSeconds(30), l -> false))
        .map(Lease::holder).contains("h:2");
    assertThat(store.leases().heartbeat("h:1", T0.plusSeconds(32))).isFalse();
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.list(JobQuery.all())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
