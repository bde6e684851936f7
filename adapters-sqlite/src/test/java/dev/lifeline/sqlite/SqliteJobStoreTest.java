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
import dev.lifeline.spi.JobStoreContract;
import dev.lifeline.spi.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's {@link JobStoreContract}, unchanged, on a real SQLite file in a temporary directory; then what is
 * particular to SQLite: lossless text, millisecond instants, the session index, file permissions and WAL.
 */
class SqliteJobStoreTest extends JobStoreContract {

  private static final Instant T1 = Instant.parse("2026-01-02T13:04:05.678Z");

  @TempDir
  Path dir;

  private Path file;

  @Override
  protected JobStore newStore() {
    file = dir.resolve("lifeline.db");
    return SqliteJobStore.create(file);
  }

  @Override
  protected Optional<JobStore> sameDataStore() {
    return Optional.of(SqliteJobStore.create(file));
  }

  private SqliteJobStore sqlite() {
    return (SqliteJobStore) store;
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
  void everySpecFieldRoundTripsExactly() {
    JobSpec spec = JobSpec.builder(List.of("sh", "-c", "echo \"$X\" 'y';\n\tz", "", "3:ab,", ",", ":", "0:",
            "ünï😀código", "a\u0001b", "\\"))
        .name("name with spaces, commas: and 😀")
        .cwd("/tmp/dir with space")
        .env("X", "1=2")
        .env("EMPTY", "")
        .env("K_3", "v,4:=:")
        .priority(-7)
        .maxAttempts(3)
        .timeout(Duration.ofNanos(90_000_000_123L))
        .verify(new VerifierSpec.Command("test -f out", Duration.ofSeconds(7)))
        .verify(new VerifierSpec.FileExists("out.txt"))
        .verify(new VerifierSpec.Approval())
        .verify(new VerifierSpec.Custom("mine", "arg: 1, 2"))
        .verify(new VerifierSpec.Custom("empty", ""))
        .build();

    Job job = store.insert(spec, "key-1", T1).job();

    Job read = store.find(job.id()).orElseThrow();
    assertThat(read.spec()).isEqualTo(spec);
    assertThat(new ArrayList<>(read.spec().env().keySet())).containsExactly("X", "EMPTY", "K_3");
    assertThat(read.idempotencyKey()).isEqualTo("key-1");
  }

  @Test
  void aJobWithEveryFieldSetReadsBackIdenticallyThroughEveryReadAndTheClaim() {
    JobSpec spec = JobSpec.builder("sh", "-c", "exit 3", "ünï 😀, 4:x,")
        .name("every field")
        .cwd("/srv/work dir")
        .env("PATH", "/bin:/usr/bin")
        .env("EMPTY", "")
        .priority(4)
        .maxAttempts(5)
        .timeout(Duration.ofMinutes(90))
        .verify(new VerifierSpec.Command("test -s out", Duration.ofSeconds(30)))
        .verify(new VerifierSpec.FileExists("out/report.html"))
        .verify(new VerifierSpec.Approval())
        .verify(new VerifierSpec.Custom("http", "GET /health → 200"))
        .build();
    Job queued = store.insert(spec, "deploy-42", T1, "alice").job();
    Instant started = T1.plusSeconds(5);
    Job running = store.claimNext(started, 4, (candidate, n) -> {
      assertThat(candidate).as("the claim's candidate, decoded on the write path").isEqualTo(queued);
      Job next = started(candidate, started, "lifeline-every-field");
      return Optional.of(new JobStore.Change(next, edge(candidate, next, JobEvent.START, started)));
    }).orElseThrow();
    Instant ended = T1.plusSeconds(65);
    Job failed = running.toBuilder().state(JobState.FAILED).exitCode(3).failureReason(FailureReason.EXIT_CODE)
        .failureDetail("exit 3: ünï 😀").notBefore(ended.plusSeconds(30)).finishedAt(ended).updatedAt(ended)
        .version(running.version() + 1).build();
    Transition failure = new Transition(queued.id(), 1, JobState.PROCESSING, JobState.FAILED, JobEvent.EXITED,
        FailureReason.EXIT_CODE, "exit code 3", "supervisor", ended);
    assertThat(store.compareAndSet(running, failed, failure)).isTrue();
    List<Transition> history = List.of(
        new Transition(queued.id(), 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, "alice", T1),
        edge(queued, running, JobEvent.START, started),
        failure);
    assertThat(failed.session()).isNotNull();
    assertThat(failed.owner()).isNotNull();
    assertThat(failed.startedAt()).isNotNull();

    for (JobStore reader : List.of(store, SqliteJobStore.builder(file).migrate(false).build())) {
      try {
        assertThat(reader.find(failed.id())).contains(failed);
        assertThat(reader.list(JobQuery.all())).containsExactly(failed);
        assertThat(reader.list(JobQuery.inStates(JobState.FAILED))).containsExactly(failed);
        assertThat(reader.list(JobQuery.inStates(JobState.values()).withLimit(1))).containsExactly(failed);
        assertThat(reader.list(JobQuery.inStates(JobState.QUEUED, JobState.COMPLETED))).isEmpty();
        assertThat(reader.history(failed.id())).containsExactlyElementsOf(history);
        assertThat(reader.counts()).containsEntry(JobState.FAILED, 1L).containsEntry(JobState.QUEUED, 0L);
      } finally {
        if (reader != store) {
          reader.close();
        }
      }
    }
    assertThat(store.insert(spec, "deploy-42", T1.plusSeconds(99)))
        .as("the idempotent insert returns the stored job, decoded on the write path")
        .isEqualTo(new JobStore.Inserted(failed, false));
  }

  @Test
  void textThatUtf8CannotHoldIsRefusedBeforeItReachesTheStore() {
    // JobSpec refuses an unpaired surrogate itself (issue 11), so no spec holding one reaches insert.
    assertThatThrownBy(() -> JobSpec.builder("echo", "\uD800").build())
        .isInstanceOf(dev.lifeline.InvalidJobSpecException.class)
        .hasMessageContaining("argv[1]");
    assertThat(store.list(JobQuery.all())).isEmpty();
  }

  @Test
  void aPassProblemThatUtf8CannotHoldIsStoredWithTheReplacementCharacterInsteadOfFailingThePass() {
    store.leases().tryAcquire(new dev.lifeline.spi.Lease("h:1", "h", 1, T1, T1), T1, Duration.ofSeconds(30),
        l -> false).orElseThrow();

    store.leases().recordPass("h:1", T1, "bad \uD800 text \uDC00 and a pair 😀");

    assertThat(store.leases().lastPass()).map(dev.lifeline.spi.PassRecord::problem)
        .contains("bad \uFFFD text \uFFFD and a pair 😀");
  }

  @Test
  void instantsAreStoredToTheMillisecond() {
    Instant precise = Instant.parse("2026-01-02T13:04:05.678912345Z");

    Job job = store.insert(spec("a", 0), null, precise).job();

    assertThat(job.createdAt()).isEqualTo(T1);
    assertThat(store.find(job.id()).orElseThrow().createdAt()).isEqualTo(T1);
  }

  @Test
  void compareAndSetRefusesAChangeThatDoesNotAdvanceTheVersionByOne() {
    Job job = store.insert(spec("a", 0), null, T1).job();
    Job next = started(job, T1, "s").toBuilder().version(5).build();

    assertThatThrownBy(() -> store.compareAndSet(job, next, edge(job, next, JobEvent.START, T1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.find(job.id())).contains(job);
  }

  @Test
  void claimNextTakesHighestPriorityThenOldestThenLowestIdAndRespectsNotBefore() {
    Job low = store.insert(spec("low", 0), null, T1).job();
    Job highLater = store.insert(spec("high-later", 5), null, T1.plusSeconds(2)).job();
    Job highEarly = store.insert(spec("high-early", 5), null, T1.plusSeconds(1)).job();
    Job deferred = store.insert(spec("deferred", 9), null, T1).job();
    Job waiting = deferred.toBuilder().notBefore(T1.plusSeconds(60)).version(1).build();
    assertThat(store.compareAndSet(deferred, waiting,
        new Transition(deferred.id(), 0, JobState.QUEUED, JobState.QUEUED, JobEvent.RETRY, null, null, "t", T1)))
        .as("the store records what it is given; edges are the lifecycle's business").isTrue();
    Instant now = T1.plusSeconds(10);

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
  void claimNextOffersCandidatesBeyondTheFirstPageWhenEarlierOnesAreSkipped() {
    for (int i = 0; i < 40; i++) {
      store.insert(spec("j" + i, 0), null, T1.plusMillis(i));
    }
    List<Integer> offered = new ArrayList<>();

    Optional<Job> claimed = store.claimNext(T1, 10, (candidate, running) -> {
      offered.add((int) candidate.id().value());
      return candidate.name().equals("j37") ? startAll(T1).decide(candidate, running) : Optional.empty();
    });

    assertThat(claimed).map(Job::name).contains("j37");
    assertThat(offered).hasSize(38).isSorted();
  }

  @Test
  void aDeciderThatThrowsLeavesNothingWritten() {
    Job job = store.insert(spec("a", 0), null, T1).job();

    assertThatThrownBy(() -> store.claimNext(T1, 10, (c, r) -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    assertThat(store.find(job.id())).contains(job);
    assertThat(store.history(job.id())).hasSize(1);
  }

  @Test
  void twoActiveJobsCannotHoldTheSameSessionName() {
    Job a = store.insert(spec("a", 0), null, T1).job();
    Job b = store.insert(spec("b", 0), null, T1).job();
    Job aStarted = started(a, T1, "shared");
    assertThat(store.compareAndSet(a, aStarted, edge(a, aStarted, JobEvent.START, T1))).isTrue();
    Job bStarted = started(b, T1, "shared");

    assertThatThrownBy(() -> store.compareAndSet(b, bStarted, edge(b, bStarted, JobEvent.START, T1)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
    assertThat(store.find(b.id())).contains(b);
    assertThat(store.history(b.id())).hasSize(1);

    Job aDone = aStarted.toBuilder().state(JobState.COMPLETED).finishedAt(T1).version(2).build();
    assertThat(store.compareAndSet(aStarted, aDone, edge(aStarted, aDone, JobEvent.PASS, T1))).isTrue();
    assertThat(store.compareAndSet(b, bStarted, edge(b, bStarted, JobEvent.START, T1))).isTrue();
  }

  @Test
  void aNewFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
    store.insert(spec("a", 0), null, T1);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Path wal = Path.of(file + "-wal");
    assertThat(wal).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
  }

  @Test
  void aNewFileIsMigratedToTheLatestSchemaInWalMode() throws Exception {
    assertThat(sqlite().schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion()).isEqualTo(5);
    assertThat(sqlite().file()).isEqualTo(file.toAbsolutePath());
    assertThat(sqlite().quickCheck()).isEqualTo("ok");
    byte[] header = Files.readAllBytes(file);
    assertThat(header[18]).as("file format write version 2 = WAL").isEqualTo((byte) 2);
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.list(JobQuery.all())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
