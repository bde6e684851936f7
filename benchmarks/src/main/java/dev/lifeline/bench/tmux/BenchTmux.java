package dev.lifeline.bench.tmux;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.SessionNames;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** What the tmux benchmarks share: private sockets, raw tmux calls, job snapshots, clean-up. Not thread-safe. */
final class BenchTmux {

  private BenchTmux() {}

  static String privateSocket() {
    return "lifeline-bench-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static TmuxSessionRuntime runtime(String socket, Path runDir) {
    return TmuxSessionRuntime.builder().socket(socket).runDirectory(runDir).build();
  }

  /** Runs raw tmux (argv as given) and returns its output; throws when it exits non-zero. */
  static String tmux(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      int code = p.waitFor();
      String text = new String(out, StandardCharsets.UTF_8);
      if (code != 0) {
        throw new IllegalStateException(argv + " exited " + code + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Job processing(long id, JobSpec spec) {
    Instant now = Instant.now();
    return Job.queued(JobId.of(id), spec, null, now).toBuilder().state(JobState.PROCESSING).attempt(1)
        .session(SessionNames.of(JobId.of(id), spec.name(), 1)).owner("bench:1").startedAt(now).updatedAt(now)
        .version(1).build();
  }

  static JobSpec sleeper() {
    return JobSpec.builder("sleep", "600").name("bench").build();
  }

  /** Kills the server on {@code socketPath} (if any) and removes the socket file tmux leaves behind. */
  static void killServer(Path socketPath) {
    try {
      tmux(List.of("tmux", "-S", socketPath.toString(), "kill-server"));
    } catch (IllegalStateException e) {
      // no server: nothing to kill
    }
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      // a stale socket file is harmless
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // temporary files; the OS cleans them eventually
    }
  }

  /** min / median / max (and p95 when asked) of {@code values}, formatted. */
  static String summary(List<Double> values, String unit, boolean p95) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    String s = String.format("min %.1f / median %.1f / max %.1f %s", v.get(0), percentile(v, 50), v.get(v.size() - 1),
        unit);
    return p95 ? s + String.format(" (p95 %.1f, n=%d)", percentile(v, 95), v.size()) : s + " (n=" + v.size() + ")";
  }

  /** Nearest-rank percentile of sorted {@code v}. */
  static double percentile(List<Double> v, int p) {
    int rank = (int) Math.ceil(p / 100.0 * v.size());
    return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
  }
}
