package dev.lifeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real process with a deadline and captures its output; for the integration tests. */
final class Proc {

  /** What a finished process did. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** The repository root: the integration tests run in {@code examples/}. */
  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("lifeline")) ? here : here.getParent();
    if (!Files.isExecutable(root.resolve("lifeline"))) {
      throw new IllegalStateException("cannot find the ./lifeline launcher from " + here);
    }
    return root;
  }

  /** The built CLI's classpath: the examples jar and its copied runtime libraries. */
  static String builtClasspath() {
    Path target = repoRoot().resolve("examples/target");
    List<String> cp = new ArrayList<>();
    try (var files = Files.list(target)) {
      files.filter(p -> p.getFileName().toString().matches("lifeline-examples-.*\\.jar")
          && !p.getFileName().toString().contains("-tests")).forEach(p -> cp.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (var files = Files.list(target.resolve("lib"))) {
      files.sorted().forEach(p -> cp.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (cp.isEmpty() || !cp.get(0).contains("lifeline-examples")) {
      throw new IllegalStateException("the examples jar is not built (run mvn package first)");
    }
    return String.join(":", cp);
  }

  static Result run(Path cwd, Map<String, String> env, Duration timeout, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    Map<String, String> e = pb.environment();
    e.remove("LIFELINE_DB");
    e.remove("LIFELINE_SOCKET");
    e.remove("NO_COLOR");
    e.putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out after " + timeout + ": " + command);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e1) {
      throw new UncheckedIOException(e1);
    } catch (InterruptedException e1) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e1);
    }
  }

  /** {@code ./lifeline ARGS} from the repository root. */
  static Result lifeline(Map<String, String> env, Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("./lifeline");
    cmd.addAll(List.of(args));
    return run(repoRoot(), env, timeout, cmd);
  }

  static Result lifeline(String... args) {
    return lifeline(Map.of(), Duration.ofSeconds(120), args);
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static boolean tmuxAvailable() {
    return succeeds("tmux", "-V");
  }

  /** Whether {@code command} runs and exits 0 within 10 seconds; its output is discarded. */
  static boolean succeeds(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Ends the private tmux server of a test (only that socket) and removes the socket file it leaves behind. */
  static void killTmuxServer(String socket) {
    try {
      Process p = new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No tmux, no server to kill.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      String tmpdir = System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp");
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      Files.deleteIfExists(Path.of(tmpdir, "tmux-" + uid, socket));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // Not Linux, or not ours to remove: a stale socket file is harmless.
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
