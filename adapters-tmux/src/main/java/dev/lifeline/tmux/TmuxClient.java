package dev.lifeline.tmux;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one tmux client process with a deadline and returns what it printed. Never throws for a tmux failure: the
 * {@link Result} says what happened. Thread-safe (immutable; the deadline thread is shared and daemon).
 */
final class TmuxClient {

  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeline-tmux-deadline");
    t.setDaemon(true);
    return t;
  });

  /** What became of one invocation. */
  enum Outcome {
    /** tmux ran and exited; see the exit code. */
    EXITED,
    /** The tmux binary is not there (or not executable). */
    NOT_FOUND,
    /** tmux did not finish within the deadline and was killed. */
    TIMED_OUT,
    /** The process could not be started or read for another reason. */
    FAILED_TO_RUN
  }

  /**
   * One invocation's result.
   *
   * @param outcome what became of it
   * @param exitCode tmux's exit code when {@link Outcome#EXITED}, else -1
   * @param output stdout and stderr together, as UTF-8 text (or the reason when not EXITED)
   */
  record Result(Outcome outcome, int exitCode, String output) {
    boolean succeeded() {
      return outcome == Outcome.EXITED && exitCode == 0;
    }

    /** The first non-blank line of the output, for one-sentence messages. */
    String firstLine() {
      for (String line : output.split("\n")) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
      return outcome == Outcome.EXITED ? "tmux exited with " + exitCode + " and printed nothing" : output;
    }

    /**
     * True when the server went away while the client talked to it: it was exiting because its last session had
     * closed, or it died. Asking again gets a clear answer.
     */
    boolean serverGoneMidway() {
      if (outcome != Outcome.EXITED || exitCode == 0) {
        return false;
      }
      String line = firstLine();
      return line.equals("server exited unexpectedly") || line.equals("lost server");
    }

    /** True when the server answered that it has no session at all ({@code list-panes -a} on an empty server). */
    boolean noSessions() {
      return outcome == Outcome.EXITED && exitCode != 0 && firstLine().equals("no current target");
    }

    /** True when tmux said there is no server on the socket (none listening, or no socket file at all). */
    boolean noServer() {
      if (outcome != Outcome.EXITED || exitCode == 0) {
        return false;
      }
      String line = firstLine();
      return line.startsWith("no server running on ")
          || (line.startsWith("error connecting to ") && line.endsWith("(No such file or directory)"));
    }
  }

  private final String binary;
  private final Map<String, String> environment;
  private final Duration timeout;

  /**
   * @param binary {@code tmux}, another name looked up on the client PATH, or a path
   * @param environmentOverrides variables set in the client processes' environment (on top of this JVM's, without
   *     {@code TMUX} and {@code TMUX_PANE})
   * @param timeout how long one invocation may take
   */
  TmuxClient(String binary, Map<String, String> environmentOverrides, Duration timeout) {
    this(binary, environmentOverrides, java.util.Set.of(), timeout);
  }

  /**
   * @param environmentOverrides variables set in the client processes' environment (on top of this JVM's, without
   *     {@code TMUX} and {@code TMUX_PANE})
   * @param environmentRemovals variables taken out of the client processes' environment (an override wins)
   * @param timeout how long one invocation may take
   */
  TmuxClient(String binary, Map<String, String> environmentOverrides, java.util.Set<String> environmentRemovals,
      Duration timeout) {
    this.binary = binary;
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.remove("TMUX");
    env.remove("TMUX_PANE");
    env.keySet().removeAll(environmentRemovals);
    env.putAll(environmentOverrides);
    this.environment = Map.copyOf(env);
    this.timeout = timeout;
  }

  Map<String, String> environment() {
    return environment;
  }

  /** The executable to run: the binary itself when it names a path, else its first match on the client PATH. */
  Optional<Path> resolveBinary() {
    if (binary.contains("/")) {
      Path p = Path.of(binary);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, binary);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Why the binary cannot be run, as the start of a sentence. */
  String describeMissing() {
    return binary.contains("/") ? "tmux was not found at " + binary : "tmux was not found on the PATH";
  }

  /**
   * Runs {@code tmux GLOBAL... CMD1 ; CMD2 ...}: one client process whose commands the server runs one after the
   * other without interruption (a failing command skips the rest). Every word is passed literally.
   */
  Result run(List<String> global, List<List<String>> commands) {
    Optional<Path> exe = resolveBinary();
    if (exe.isEmpty()) {
      return new Result(Outcome.NOT_FOUND, -1, describeMissing());
    }
    List<String> argv = new ArrayList<>();
    argv.add(exe.get().toString());
    argv.addAll(global);
    for (int i = 0; i < commands.size(); i++) {
      if (i > 0) {
        argv.add(";");
      }
      for (String word : commands.get(i)) {
        argv.add(literal(word));
      }
    }
    return exec(argv);
  }

  /** Runs {@code tmux ARGS...} with no command chaining (for {@code -V}). */
  Result runPlain(List<String> args) {
    Optional<Path> exe = resolveBinary();
    if (exe.isEmpty()) {
      return new Result(Outcome.NOT_FOUND, -1, describeMissing());
    }
    List<String> argv = new ArrayList<>();
    argv.add(exe.get().toString());
    args.forEach(a -> argv.add(literal(a)));
    return exec(argv);
  }

  /**
   * The word tmux's argument parser turns back into {@code word}. tmux splits a command line given as separate
   * arguments at every argument that ends in {@code ;} (dropping the {@code ;}), and turns a trailing {@code \;}
   * into {@code ;}. So a word ending in {@code ;} is passed with a backslash before that last {@code ;}.
   */
  static String literal(String word) {
    if (word.endsWith(";")) {
      return word.substring(0, word.length() - 1) + "\\;";
    }
    return word;
  }

  private Result exec(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return new Result(Outcome.FAILED_TO_RUN, -1, "tmux could not be started: " + e.getMessage());
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
      timedOut.set(true);
      process.destroyForcibly();
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      process.getOutputStream().close();
      byte[] out;
      try (InputStream in = process.getInputStream()) {
        out = in.readAllBytes();
      }
      int code = process.waitFor();
      if (timedOut.get()) {
        return new Result(Outcome.TIMED_OUT, -1, "tmux did not answer within " + timeout.toMillis() + " ms");
      }
      return new Result(Outcome.EXITED, code, new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      process.destroyForcibly();
      if (timedOut.get()) {
        return new Result(Outcome.TIMED_OUT, -1, "tmux did not answer within " + timeout.toMillis() + " ms");
      }
      return new Result(Outcome.FAILED_TO_RUN, -1, "tmux's output could not be read: " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(Outcome.FAILED_TO_RUN, -1, "interrupted while waiting for tmux");
    } finally {
      deadline.cancel(false);
    }
  }
}
