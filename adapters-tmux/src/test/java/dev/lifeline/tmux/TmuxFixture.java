package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.SessionNames;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tmux ITs share: a private socket per test, raw tmux calls on it (to act "from outside"), PROCESSING job
 * snapshots, and bounded polling of a real runtime. Each instance belongs to one test; not thread-safe.
 */
final class TmuxFixture {

  static final Duration DEADLINE = Duration.ofSeconds(15);

  private static Boolean present;

  final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 12);
  final Path runDir;
  private final List<TmuxSessionRuntime> runtimes = new ArrayList<>();

  TmuxFixture(Path runDir) {
    assumeTmux();
    this.runDir = runDir;
  }

  /** Skips the test, saying why, only when no tmux is installed at all. */
  static void assumeTmux() {
    if (present == null) {
      present = run(List.of("tmux", "-V")).startsWith("tmux ");
    }
    Assumptions.assumeTrue(present, "tmux is not installed (tmux -V failed); the tmux runtime ITs need a real tmux");
  }

  /** A runtime on this test's socket and run directory, remembered for {@link #cleanUp()}. */
  TmuxSessionRuntime runtime() {
    return track(TmuxSessionRuntime.builder().socket(socket).runDirectory(runDir).build());
  }

  TmuxSessionRuntime track(TmuxSessionRuntime runtime) {
    runtimes.add(runtime);
    return runtime;
  }

  /**
   * Kills only this test's servers (by the socket paths the runtimes use), removes their socket files (tmux leaves
   * them behind), closes the runtimes, and empties the run directory: a {@code session-closed} hook started by the
   * test's last stop may still touch the wake file for a few milliseconds, which would race JUnit's own deletion.
   */
  void cleanUp() {
    java.util.Set<Path> sockets = new java.util.LinkedHashSet<>();
    for (TmuxSessionRuntime r : runtimes) {
      sockets.add(r.socketPath());
    }
    for (Path s : sockets) {
      if (s.getFileName().toString().startsWith(socket)) {
        run(List.of("tmux", "-S", s.toString(), "kill-server"));
        try {
          java.nio.file.Files.deleteIfExists(s);
        } catch (IOException e) {
          // a stale socket file in /tmp is harmless
        }
      }
    }
    runtimes.forEach(TmuxSessionRuntime::close);
    emptyRunDirectory();
  }

  /** Deletes what the run directory holds, trying again (bounded) while late hook processes still write into it. */
  private void emptyRunDirectory() {
    emptyDirectory(runDir);
  }

  /**
   * Deletes what {@code dir} holds, trying again (bounded) while late hook processes of a killed server still write
   * into it: a test whose run directories live elsewhere than the fixture's calls this after {@link #cleanUp()}.
   */
  static void emptyDirectory(Path dir) {
    for (int attempt = 0; attempt < 25; attempt++) {
      try (Stream<Path> walk = Files.walk(dir)) {
        List<Path> paths = walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList();
        for (Path p : paths) {
          Files.deleteIfExists(p);
        }
        try (Stream<Path> left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            return;
          }
        }
      } catch (NoSuchFileException gone) {
        return;
      } catch (IOException raced) {
        // a file appeared or vanished while walking: look again
      }
      pause();
    }
  }

  /** True when raw tmux output says no server runs on the socket. */
  static boolean saysNoServer(String output) {
    return output.startsWith("no server running on ")
        || (output.startsWith("error connecting to ") && output.contains("(No such file or directory)"));
  }

  /** The socket path the first runtime uses. */
  Path socketPath() {
    return runtimes.isEmpty() ? runtime().socketPath() : runtimes.get(0).socketPath();
  }

  /** Runs raw tmux on this test's server and returns its output (stdout and stderr). */
  String tmux(String... args) {
    List<String> argv = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-S", socketPath().toString()));
    argv.addAll(List.of(args));
    return run(argv);
  }

  static String run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "could not run " + argv + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A PROCESSING snapshot of job {@code id} at {@code attempt}, with the session name the lifecycle would give. */
  static Job processing(long id, JobSpec spec, int attempt) {
    return processing(id, spec, attempt, SessionNames.of(JobId.of(id), spec.name(), attempt));
  }

  static Job processing(long id, JobSpec spec, int attempt, String session) {
    Instant now = Instant.now();
    return Job.queued(JobId.of(id), spec, null, now).toBuilder().state(JobState.PROCESSING).attempt(attempt)
        .session(session).owner("it:1").startedAt(now).updatedAt(now).version(1).build();
  }

  static JobSpec sleeping() {
    return JobSpec.builder("sleep", "600").name("sleeper").build();
  }

  static JobSpec exiting(int code) {
    return JobSpec.builder("sh", "-c", "exit " + code).name("exits-" + code).build();
  }

  /** Polls until a healthy observation shows {@code handle} matching {@code expected}; fails after the deadline. */
  static Observation await(TmuxSessionRuntime runtime, SessionHandle handle, Predicate<SessionStatus> expected) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    Observation last = runtime.observeAll();
    while (!(last.healthy() && expected.test(last.statusOf(handle)))) {
      assertThat(System.nanoTime() - end).as("%s never reached the expected status; last %s (%s)", handle.name(),
          last.statusOf(handle), last.unknownReason()).isNegative();
      pause();
      last = runtime.observeAll();
    }
    return last;
  }

  /** Polls {@code condition} every 20 ms until it holds; fails after the deadline. */
  static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("never: %s", what).isNegative();
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
