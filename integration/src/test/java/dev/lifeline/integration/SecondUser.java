package dev.lifeline.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs commands as a second local user ({@code nobody}, uid and gid 65534) through {@code setpriv} or {@code runuser},
 * which needs the tests to run as root (as they do in CI). Where no second user can be had the test is skipped with
 * one line, except under {@code CI=true}, where that is a failure. Stateless.
 */
final class SecondUser {

  static final int UID = 65534;

  private static Optional<List<String>> prefix;

  private SecondUser() {}

  /** The command prefix that runs as the second user; skips (or fails under CI) when there is none. */
  static List<String> require() {
    Optional<List<String>> p = find();
    if (p.isEmpty()) {
      String why = "no second local user can be had (the tests do not run as root, or neither setpriv nor runuser"
          + " can switch to uid " + UID + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true, but " + why);
      }
      Assumptions.abort("skipped: " + why);
    }
    return p.get();
  }

  /** Runs {@code argv} as the second user and returns the result. */
  static RealStack.Result run(String... argv) {
    List<String> cmd = new ArrayList<>(require());
    cmd.addAll(List.of(argv));
    return RealStack.run(cmd);
  }

  private static synchronized Optional<List<String>> find() {
    if (prefix == null) {
      prefix = Optional.empty();
      List<List<String>> candidates = List.of(
          List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"),
          List.of("runuser", "-u", "nobody", "--"));
      for (List<String> c : candidates) {
        List<String> probe = new ArrayList<>(c);
        probe.addAll(List.of("/bin/sh", "-c", "[ \"$(id -u)\" = " + UID + " ]"));
        if (Files.isDirectory(Path.of("/proc/self")) && RealStack.run(probe).code() == 0) {
          prefix = Optional.of(List.copyOf(c));
          break;
        }
      }
    }
    return prefix;
  }
}
