package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.spi.JobStore;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * One test's real world: a private tmux socket ({@code lifeline-it-RANDOM}) with its run directory, a SQLite file in
 * the test's temporary directory, and a lifecycle over it. Raw tmux calls act "from outside". {@link #close()} kills
 * only this test's tmux server. Belongs to one test; not thread-safe.
 */
final class RealStack implements AutoCloseable {

  /** The longest any single wait in these tests may take. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private static Boolean tmuxPresent;

  final Path dir;
  final Path dbFile;
  final Path runDir;
  final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 12);
  final TmuxSessionRuntime runtime;
  final JobStore store;
  final Lifecycle lifecycle;

  private RealStack(Path dir, Backoff backoff, LifelineListener listener) {
    assumeTmux();
    this.dir = dir;
    this.dbFile = dir.resolve("jobs.db");
    this.runDir = dir.resolve("jobs.db.runs");
    this.runtime = TmuxSessionRuntime.builder().socket(socket).runDirectory(runDir).build();
    this.store = SqliteJobStore.create(dbFile);
    this.lifecycle = Lifecycle.builder().store(store).backoff(backoff).actor("it-supervisor").listener(listener)
        .build();
  }

  /** A stack in {@code dir} whose retries wait {@code backoff}. */
  static RealStack open(Path dir, Backoff backoff) {
    return new RealStack(dir, backoff, new LifelineListener() { });
  }

  /** A stack in {@code dir} whose retries wait {@code backoff}, its lifecycle telling {@code listener} everything. */
  static RealStack open(Path dir, Backoff backoff, LifelineListener listener) {
    return new RealStack(dir, backoff, listener);
  }

  /** Skips the test, saying why, only when no tmux is installed at all. */
  static void assumeTmux() {
    if (tmuxPresent == null) {
      tmuxPresent = run(List.of("tmux", "-V")).output().startsWith("tmux ");
    }
    Assumptions.assumeTrue(tmuxPresent, "tmux is not installed (tmux -V failed); these ITs need a real tmux");
  }

  /** A supervisor builder on this stack with short, test-sized settings. */
  Supervisor.Builder supervisor() {
    return Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
        .pollInterval(Duration.ofMillis(100))
        .startGrace(Duration.ofMillis(300))
        .lostAfter(2)
        .holder("it-host", ProcessHandle.current().pid());
  }

  Job job(JobId id) {
    return lifecycle.get(id);
  }

  /**
   * Runs passes until {@code done} holds for the job, waiting between passes for a runtime change or 50 ms; fails
   * after {@link #DEADLINE}.
   */
  Job tickUntil(Supervisor supervisor, JobId id, String what, Predicate<Job> done) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      supervisor.tick();
      Job job = job(id);
      if (done.test(job)) {
        return job;
      }
      assertThat(System.nanoTime() - end).as("job %s never %s; it is %s (%s)", id, what, job.state(),
          job.failureDetail()).isNegative();
      pauseForChange(Duration.ofMillis(50));
    }
  }

  /** Polls {@code condition} until it holds; fails after {@link #DEADLINE}. */
  void awaitTrue(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("never: %s", what).isNegative();
      pauseForChange(Duration.ofMillis(20));
    }
  }

  private void pauseForChange(Duration d) {
    try {
      runtime.awaitChange(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  /** Whether tmux on this socket has a session named exactly {@code name}. */
  boolean hasSession(String name) {
    return tmux("has-session", "-t", "=" + name).code() == 0;
  }

  /** Raw tmux on this test's socket, as an outsider would call it. */
  Result tmux(String... args) {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
    argv.addAll(List.of(args));
    return run(argv);
  }

  /** The first line of the attempt's exit file, or {@code null} when it has none. */
  String exitCode(JobId id, int attempt) throws IOException {
    Path f = runtime.exitFile(id, attempt);
    return Files.exists(f) ? Files.readAllLines(f).get(0).strip() : null;
  }

  @Override
  public void close() {
    closeRuntime(runtime);
    awaitQuiet(runDir.resolve("exits"));
    store.close();
  }

  /**
   * After the server is killed, the wrappers of the sessions it ended may still record their exits for a moment:
   * waits (at most 3 s) until {@code exits} has not changed for 250 ms, so the test's temporary directory can be
   * deleted without racing them.
   */
  static void awaitQuiet(Path exits) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<String> last = listing(exits);
    long stableSince = System.nanoTime();
    while (System.nanoTime() < end && System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(250)) {
      try {
        Thread.sleep(25); // the wrappers are other processes; nothing here can signal their last write
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      List<String> now = listing(exits);
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
  }

  private static List<String> listing(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Kills {@code runtime}'s private tmux server, removes its socket file and closes it, whatever fails. */
  static void closeRuntime(TmuxSessionRuntime runtime) {
    try {
      runtime.killServer();
    } catch (RuntimeException e) {
      // nothing more can be done for a server that will not die; the socket is private to this test
    }
    try {
      Files.deleteIfExists(runtime.socketPath());
    } catch (IOException | RuntimeException e) {
      // tmux leaves its socket file behind; a stale one in /tmp is harmless
    }
    runtime.close();
  }

  /** A finished process: its exit code and its output (stdout and stderr). */
  record Result(int code, String output) {}

  static Result run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + argv);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "could not run " + argv + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
