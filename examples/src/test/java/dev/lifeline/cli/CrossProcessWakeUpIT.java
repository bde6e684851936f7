package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.sqlite.SqliteJobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a {@code lifeline run} whose poll interval is ten minutes starts a job that another JVM's
 * {@code lifeline submit} queued, and stops the session another JVM's {@code lifeline cancel} cancelled, within a
 * generous 30 s: it cannot pass by polling, only by being woken (the store's watch on the database and its WAL).
 */
class CrossProcessWakeUpIT {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Path db;
  private Process supervisor;

  @BeforeEach
  void startASupervisorThatPollsEveryTenMinutes() throws IOException {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs jobs in tmux");
    db = dir.resolve("wake.db");
    assertThat(otherJvm("submit", "--name", "first", "--", "sleep", "600").code()).isZero();
    supervisor = new ProcessBuilder(command("run", "--poll", "10m")).directory(dir.toFile())
        .redirectOutput(dir.resolve("run.out").toFile()).redirectError(dir.resolve("run.err").toFile()).start();
    // Its first pass has started the first job and launched its session: it waits now, and a running sleep
    // sends no event that could wake it
    Job first = awaitJob(JobId.of(1), "the first pass started the first job", j -> j.state() == JobState.PROCESSING);
    awaitTrue("the first job's session exists", () -> hasSession(first.session()));
  }

  @AfterEach
  void stopOurSupervisorAndTmuxServer() throws InterruptedException {
    if (supervisor != null) {
      supervisor.destroy();
      if (!supervisor.waitFor(30, TimeUnit.SECONDS)) {
        supervisor.destroyForcibly();
      }
    }
    Proc.killTmuxServer(socket);
  }

  @Test
  void aSubmitFromAnotherJvmWakesTheWaitingSupervisor() {
    // When another JVM submits while the supervisor waits
    Proc.Result submitted = otherJvm("submit", "--name", "woken", "--", "sleep", "60");
    long returned = System.nanoTime();
    assertThat(submitted.code()).as(submitted.toString()).isZero();
    JobId id = JobId.of(Long.parseLong(submitted.out().strip()));

    // Then the supervisor starts it long before its next poll
    Job started = awaitJob(id, "the job left QUEUED", j -> j.state() != JobState.QUEUED);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);
    System.out.println("CrossProcessWakeUpIT: submit returned -> job left QUEUED in " + millis + " ms (poll 10m)");
    assertThat(started.state()).isEqualTo(JobState.PROCESSING);
    assertThat(supervisor.isAlive()).isTrue();
  }

  @Test
  void aCancelFromAnotherJvmWakesTheSupervisorToStopTheSession() {
    // Given a running job
    Proc.Result submitted = otherJvm("submit", "--name", "to-cancel", "--", "sleep", "600");
    assertThat(submitted.code()).as(submitted.toString()).isZero();
    JobId id = JobId.of(Long.parseLong(submitted.out().strip()));
    Job running = awaitJob(id, "the job runs", j -> j.state() == JobState.PROCESSING);
    awaitTrue("its session exists", () -> hasSession(running.session()));

    // When another JVM cancels it
    Proc.Result cancelled = otherJvm("cancel", id.toString(), "--reason", "not needed");
    long returned = System.nanoTime();
    assertThat(cancelled.code()).as(cancelled.toString()).isZero();

    // Then the supervisor, woken, kills the session
    awaitTrue("the cancelled job's session is gone", () -> !hasSession(running.session()));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);
    System.out.println("CrossProcessWakeUpIT: cancel returned -> session gone in " + millis + " ms (poll 10m)");
    assertThat(job(id).orElseThrow().failureReason()).isEqualTo(FailureReason.CANCELLED);
  }

  /** The CLI in a JVM of its own, as a user in another terminal runs it. */
  private Proc.Result otherJvm(String... args) {
    return Proc.run(dir, java.util.Map.of(), Duration.ofSeconds(120), command(args));
  }

  private List<String> command(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", Proc.builtClasspath(),
        "dev.lifeline.cli.LifelineCommand", "--db", db.toString(), "--socket", socket));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Optional<Job> job(JobId id) {
    try (SqliteJobStore store = SqliteJobStore.builder(db).migrate(false).build()) {
      return store.find(id);
    }
  }

  private Job awaitJob(JobId id, String what, Predicate<Job> condition) {
    Job[] seen = new Job[1];
    awaitTrue(what, () -> {
      seen[0] = job(id).orElse(null);
      return seen[0] != null && condition.test(seen[0]);
    });
    return seen[0];
  }

  private boolean hasSession(String name) {
    return Proc.succeeds("tmux", "-L", socket, "has-session", "-t", "=" + name);
  }

  /** Checks a condition of other processes every 10 ms, for at most {@link #BOUND}. */
  private void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(supervisor == null || supervisor.isAlive()).as("the supervisor is still running").isTrue();
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("within " + BOUND + ": " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + what, e);
      }
    }
  }
}
