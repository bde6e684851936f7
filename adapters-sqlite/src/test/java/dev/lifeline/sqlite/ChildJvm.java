package dev.lifeline.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoreChild} running in its own JVM with the test classpath; its stdout lines are collected as they come.
 * Only the process started here is ever stopped. Not thread-safe.
 */
final class ChildJvm implements AutoCloseable {

  private static final String EOF = "\u0000eof";

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final Path stderr;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process died; EOF follows
      } finally {
        lines.add(EOF);
      }
    }, "child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Path workDir, String... args) throws IOException {
    return start(workDir, List.of(), args);
  }

  /** Starts {@link StoreChild} with {@code args}, adding {@code jvmOptions} to the JVM's own. */
  static ChildJvm start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StoreChild.class.getName());
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile(workDir, "child-", ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    return new ChildJvm(p, err);
  }

  /** Waits (bounded) for a line equal to {@code expected}, keeping the lines before it. */
  void awaitLine(String expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError("child " + process.pid() + " did not print '" + expected + "' within " + timeout
            + "; stderr: " + stderrText());
      }
      seen.add(line);
      if (line.equals(expected)) {
        return;
      }
    }
  }

  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits (bounded) for the process to exit and returns every stdout line it printed. */
  List<String> finish(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child " + process.pid() + " did not finish within " + timeout);
    }
    for (String line; (line = lines.poll(10, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
      seen.add(line);
    }
    return seen;
  }

  int exitCode() {
    return process.exitValue();
  }

  String stderrText() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL, as a crash would; waits (bounded) until the process is gone. */
  void kill() throws Exception {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill();
    }
  }
}
