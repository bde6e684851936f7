package dev.lifeline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The CLI with its real wiring (SQLite file, tmux), in-process or as another user, for the integration tests. */
final class RealCli {

  private RealCli() {}

  /** Runs {@code args} in this JVM with captured output; the environment is empty but for {@code env}. */
  static Cli.Result run(Map<String, String> env, String... args) {
    CommandLine cl = LifelineCommand.commandLine(new LifelineCommand(env, SqliteTmuxWiring::new));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Cli.Result(code, out.toString(), err.toString());
  }

  static Cli.Result run(String... args) {
    return run(Map.of(), args);
  }

  private static String shared;

  /**
   * The jars copied to a directory everyone may read: the checkout may live where {@code nobody} cannot (under
   * {@code /root} in CI, say). Copied once per test JVM and removed when it exits.
   */
  private static synchronized String worldReadable(String classpath) {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("lifeline-it-cp");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> copied = new ArrayList<>();
        for (String entry : classpath.split(":")) {
          Path to = dir.resolve(Path.of(entry).getFileName());
          Files.copy(Path.of(entry), to);
          Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
          to.toFile().deleteOnExit();
          copied.add(to.toString());
        }
        dir.toFile().deleteOnExit();
        shared = String.join(":", copied);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** True when this JVM runs as root, for whom file permissions do not apply. */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Runs the built CLI in a new JVM as an unprivileged user: as {@code nobody} through {@code setpriv} when the tests
   * run as root (root ignores permission bits, so a read-only file would not be read-only), else as ourselves.
   */
  static Proc.Result runUnprivileged(Path cwd, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    String classpath = Proc.builtClasspath();
    if (isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      classpath = worldReadable(classpath);
    }
    cmd.addAll(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath, "dev.lifeline.cli.LifelineCommand"));
    cmd.addAll(List.of(args));
    return Proc.run(cwd, Map.of(), Duration.ofSeconds(120), cmd);
  }
}
