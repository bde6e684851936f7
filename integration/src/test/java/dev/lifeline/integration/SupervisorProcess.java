package dev.lifeline.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The supervisor as a separate JVM that this test starts, SIGKILLs and restarts: each incarnation writes its output to
 * its own log file. Only the processes started here are ever signalled, by their handle. Not thread-safe.
 */
final class SupervisorProcess {

  private final List<String> command;
  private final Path logDir;
  private final List<Path> logs = new ArrayList<>();
  private Process current;
  private int started;

  /** {@code mainClass} run with {@code args} on this JVM's class path, with a small heap. */
  SupervisorProcess(Path logDir, String mainClass, List<String> args) {
    this.logDir = logDir;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
  }

  /** Starts a new incarnation; the previous one must have ended. */
  void start() throws IOException {
    if (current != null && current.isAlive()) {
      throw new IllegalStateException("the previous supervisor process " + current.pid() + " still runs");
    }
    Path log = logDir.resolve("supervisor-" + (++started) + ".log");
    logs.add(log);
    current = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    current.getOutputStream().close();
  }

  boolean isAlive() {
    return current != null && current.isAlive();
  }

  long pid() {
    return current.pid();
  }

  /** SIGKILLs the current incarnation and waits (bounded) until it is gone. */
  void sigkill() throws InterruptedException {
    current.destroyForcibly();
    if (!current.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("supervisor process " + current.pid() + " survived SIGKILL for 30 s");
    }
  }

  /** SIGTERMs the current incarnation and waits up to {@code wait} for it to end; its exit code, or -1. */
  int terminate(Duration wait) throws InterruptedException {
    current.destroy();
    if (!current.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      current.destroyForcibly();
      current.waitFor(30, TimeUnit.SECONDS);
      return -1;
    }
    return current.exitValue();
  }

  /** Waits up to {@code wait} for the current incarnation to end by itself; its exit code, or -1 (then killed). */
  int await(Duration wait) throws InterruptedException {
    if (!current.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      sigkill();
      return -1;
    }
    return current.exitValue();
  }

  /** Ends the current incarnation if it still runs (for clean-up after a failure). */
  void killIfAlive() throws InterruptedException {
    if (isAlive()) {
      sigkill();
    }
  }

  int incarnations() {
    return started;
  }

  /** The last {@code lines} lines of every incarnation's log, for failure messages. */
  String tails(int lines) {
    StringBuilder sb = new StringBuilder();
    for (Path log : logs) {
      sb.append("---- ").append(log.getFileName()).append('\n');
      try {
        List<String> all = Files.readAllLines(log);
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException e) {
        sb.append("(unreadable: ").append(e.getMessage()).append(")\n");
      }
    }
    return sb.toString();
  }

  /** Every incarnation's whole log. */
  List<String> allLines() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path log : logs) {
      out.addAll(Files.readAllLines(log));
    }
    return out;
  }
}
