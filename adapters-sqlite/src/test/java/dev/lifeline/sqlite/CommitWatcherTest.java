package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqliteJobStore#awaitChange} on a real file: woken by commits of other connections only, never by its own
 * writes or by anyone's reads; a store opened to read only never watches; closing ends a wait.
 */
class CommitWatcherTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

  @TempDir
  Path dir;

  private Path file;
  private SqliteJobStore store;

  @BeforeEach
  void open() throws InterruptedException {
    file = dir.resolve("lifeline.db");
    store = SqliteJobStore.create(file);
    store.awaitChange(Duration.ZERO); // the watch starts with the first wait
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aStoreOnAFileSignalsChanges() {
    assertThat(store.signalsChanges()).isTrue();
  }

  @Test
  void itsOwnSubmitsClaimsLeaseAndPassRecordsDoNotWakeIt() throws InterruptedException {
    store.insert(spec("mine"), null, T0);
    store.claimNext(T0, 4, (candidate, running) -> Optional.of(start(candidate)));
    store.leases().tryAcquire(new Lease("me", "host", 1, T0, T0), T0, Duration.ofSeconds(30), lease -> false);
    store.leases().heartbeat("me", T0.plusSeconds(1));
    store.leases().recordPass("me", T0.plusSeconds(1), null);

    assertThat(store.awaitChange(Duration.ofMillis(300))).isFalse();
  }

  @Test
  void readsByAnotherStoreDoNotWakeIt() throws InterruptedException {
    JobId id = store.insert(spec("mine"), null, T0).job().id();
    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      reader.list(JobQuery.all());
      reader.find(id);
      reader.counts();
      reader.history(id);
    }

    assertThat(store.awaitChange(Duration.ofMillis(300))).isFalse();
  }

  @Test
  void manyCommitsByAnotherStoreWakeOneWaitAndAreThenSeen() throws InterruptedException {
    try (SqliteJobStore other = SqliteJobStore.create(file)) {
      for (int i = 0; i < 5; i++) {
        other.insert(spec("theirs-" + i), null, T0);
      }
    }

    assertThat(store.awaitChange(Duration.ofSeconds(30))).isTrue();
    assertThat(store.awaitChange(Duration.ofMillis(100))).isFalse();
  }

  @Test
  void aCancelByAnotherStoreWakesAWaitInProgress() throws Exception {
    Job queued = store.insert(spec("to cancel"), null, T0).job();
    CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> await(Duration.ofSeconds(30)));
    try (SqliteJobStore other = SqliteJobStore.create(file)) {
      Job cancelled = queued.toBuilder().state(JobState.FAILED).failureReason(dev.lifeline.FailureReason.CANCELLED)
          .updatedAt(T0).finishedAt(T0).version(1).build();
      assertThat(other.compareAndSet(queued, cancelled, new Transition(queued.id(), 0, JobState.QUEUED,
          JobState.FAILED, JobEvent.CANCEL, dev.lifeline.FailureReason.CANCELLED, null, "operator", T0))).isTrue();
    }

    assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStoreOpenedToReadOnlyIsWokenByAnotherConnectionsCommitAndByNothingElse() throws Exception {
    try (SqliteJobStore reader = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(reader.signalsChanges()).isTrue();
      assertThat(reader.awaitChange(Duration.ofMillis(200))).as("nothing was committed").isFalse();
      CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
        try {
          return reader.awaitChange(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });

      store.insert(spec("theirs"), null, T0);

      assertThat(woken.get(60, TimeUnit.SECONDS)).isTrue();
      assertThat(reader.awaitChange(Duration.ofMillis(100))).as("the commit was seen once").isFalse();
    }
  }

  @Test
  void closingTheStoreEndsAWait() throws Exception {
    CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> await(Duration.ofMinutes(10)));

    store.close();

    assertThat(woken.get(60, TimeUnit.SECONDS)).isFalse();
  }

  private boolean await(Duration timeout) {
    try {
      return store.awaitChange(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JobSpec spec(String name) {
    return JobSpec.builder("echo", name).name(name).build();
  }

  private static JobStore.Change start(Job candidate) {
    Job next = candidate.toBuilder().state(JobState.PROCESSING).attempt(1).session("s-" + candidate.id())
        .owner("me").startedAt(T0).updatedAt(T0).version(candidate.version() + 1).build();
    return new JobStore.Change(next, new Transition(candidate.id(), 1, JobState.QUEUED, JobState.PROCESSING,
        JobEvent.START, null, null, "me", T0));
  }
}
