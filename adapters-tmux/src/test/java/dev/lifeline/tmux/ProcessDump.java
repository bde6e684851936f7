package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job that copies what its process received (the kernel's {@code /proc/PID/cmdline} and {@code /proc/PID/environ},
 * and {@code pwd -P}) into files, and the assertions that compare them with what was submitted, byte for byte. The
 * job is {@code /bin/sh -c SCRIPT dump OUTDIR ARGS...}; the script quotes every expansion and calls {@code cat} by its
 * absolute path, so no environment name (IFS, PATH, ENV …) changes what it records. Stateless.
 */
final class ProcessDump {

  private static final String CAT = Files.isExecutable(Path.of("/bin/cat")) ? "/bin/cat" : "/usr/bin/cat";
  private static final String SCRIPT = "o=$1; " + CAT + " /proc/$$/cmdline > \"$o/argv.bin\"; " + CAT
      + " /proc/$$/environ > \"$o/env.bin\"; pwd -P > \"$o/cwd.bin\"";

  private ProcessDump() {}

  /** The job's argv: the dumping shell, then {@code args}. */
  static List<String> argv(Path out, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "dump", out.toString()));
    argv.addAll(args);
    return argv;
  }

  /** Asserts that the process received exactly {@code args}, every variable of {@code env} once, and {@code cwd}. */
  static void assertReceived(Path out, List<String> args, Map<String, String> env, Path cwd, String what)
      throws IOException {
    ByteArrayOutputStream expectedArgv = new ByteArrayOutputStream();
    for (String a : argv(out, args)) {
      expectedArgv.writeBytes(a.getBytes(StandardCharsets.UTF_8));
      expectedArgv.write(0);
    }
    assertThat(hex(Files.readAllBytes(out.resolve("argv.bin")))).as("argv of %s", what)
        .isEqualTo(hex(expectedArgv.toByteArray()));

    Map<String, List<byte[]>> received = new LinkedHashMap<>();
    for (byte[] entry : split(Files.readAllBytes(out.resolve("env.bin")))) {
      int eq = indexOf(entry, (byte) '=');
      String name = new String(entry, 0, eq < 0 ? entry.length : eq, StandardCharsets.UTF_8);
      byte[] value = eq < 0 ? new byte[0] : java.util.Arrays.copyOfRange(entry, eq + 1, entry.length);
      received.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    env.forEach((name, value) -> {
      assertThat(received.get(name)).as("variable %s of %s", name, what).isNotNull().hasSize(1);
      assertThat(hex(received.get(name).get(0))).as("value of %s in %s", name, what)
          .isEqualTo(hex(value.getBytes(StandardCharsets.UTF_8)));
    });

    byte[] expectedCwd = (cwd.toRealPath() + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(hex(Files.readAllBytes(out.resolve("cwd.bin")))).as("cwd of %s", what).isEqualTo(hex(expectedCwd));
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
      if (b == 0) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        parts.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
