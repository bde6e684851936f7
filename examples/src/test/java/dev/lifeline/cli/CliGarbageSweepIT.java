package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI garbage family of issue 11: every command, every option at its extremes and with garbage, and {@code --db}
 * naming what is not a database, in-process with the real wiring on a real SQLite file. Each case must end with
 * exactly one line on stderr, its documented exit code, never "Unexpected error", and the database unchanged.
 */
class CliGarbageSweepIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Path db;
  private final List<String> failures = new ArrayList<>();
  private int cases;

  @BeforeEach
  void aDatabaseWithOneJob() {
    db = dir.resolve("jobs.db");
    Cli.Result r = RealCli.run("--db", db.toString(), "--socket", socket, "submit", "--name", "one", "--", "true");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  /** Runs {@code args} on {@code database} and records what is wrong with the outcome. */
  private void expect(int code, Path database, String... args) {
    cases++;
    String before = Checksums.database(db);
    List<String> all = new ArrayList<>(List.of("--db", database.toString(), "--socket", socket));
    all.addAll(List.of(args));
    Cli.Result r = RealCli.run(Map.of(), all.toArray(new String[0]));
    String what = String.join(" ", args).replace("\0", "\\0") + " (db " + database.getFileName() + ")";
    List<String> lines = r.err().strip().lines().toList();
    if (r.code() != code) {
      failures.add(what + ": exit " + r.code() + ", expected " + code + ": " + r.err().strip());
    } else if (lines.size() != 1 || lines.get(0).isBlank()) {
      failures.add(what + ": stderr is not one line: " + r.err());
    } else if (r.err().contains("Unexpected error") || r.err().contains("Exception")) {
      failures.add(what + ": " + r.err().strip());
    } else if (!r.out().isEmpty()) {
      failures.add(what + ": printed on stdout: " + r.out());
    } else if (!Checksums.database(db).equals(before)) {
      failures.add(what + ": changed the database");
    }
  }

  private void usage(String... args) {
    expect(ExitCodes.USAGE, db, args);
  }

  private static String[] with(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private static final List<String> BAD_DURATIONS = List.of("", " ", "-1s", "0", "abc", "5x", "1e3s", "s", "ms",
      "99999999999999999999d", "9999999999999d", "PT-5M", "P", "1.5s", "NaN", "∞", "1s1m", "\u001b[31m");
  private static final List<String> BAD_INTEGERS = List.of("", " ", "abc", "1.5", "99999999999", "-99999999999",
      "0x10", "1e3", "NaN", "٣", "\u001b[31m");
  private static final List<String> BAD_IDS = List.of("", "0", "-1", "abc", "99999999999999999999", "1.0", "#1",
      "\u001b[31m");

  @Test
  void everyOptionWithGarbageIsOneSentenceAndExitTwoAndChangesNothing() {
    // Durations, with their extremes just outside the range.
    String[][] durations = {{"submit", "--timeout"}, {"submit", "--verify-cmd", "true", "--verify-timeout"},
        {"run", "--poll"}, {"health", "--stuck-after"}, {"health", "--lease-stale-after"}};
    for (String[] option : durations) {
      boolean submit = option[0].equals("submit");
      for (String v : BAD_DURATIONS) {
        // run gets --once, so a value wrongly accepted shows as a wrong exit instead of a supervisor that never ends.
        usage(submit ? with(option, v, "--", "true") : option[0].equals("run") ? with(option, v, "--once")
            : with(option, v));
      }
      usage(option);
    }
    usage("submit", "--timeout", "366d", "--", "true");
    usage("submit", "--timeout", "999ms", "--", "true");
    usage("run", "--poll", "9ms", "--once");
    usage("run", "--poll", "61m", "--once");
    usage("health", "--stuck-after", "999ms");
    usage("health", "--lease-stale-after", "25h");

    // Whole numbers, and their extremes just outside the range.
    String[][] integers = {{"submit", "--priority"}, {"submit", "--max-attempts"}, {"run", "--max-concurrent"},
        {"reconcile", "--dry-run", "--max-concurrent"}, {"list", "--limit"}, {"logs", "1", "--attempt"}};
    for (String[] option : integers) {
      boolean submit = option[0].equals("submit");
      for (String v : BAD_INTEGERS) {
        usage(submit ? with(option, v, "--", "true") : option[0].equals("run") ? with(option, v, "--once")
            : with(option, v));
      }
      usage(option);
    }
    usage("submit", "--priority", "1000001", "--", "true");
    usage("submit", "--priority", "-1000001", "--", "true");
    usage("submit", "--max-attempts", "0", "--", "true");
    usage("submit", "--max-attempts", "1001", "--", "true");
    usage("run", "--max-concurrent", "0", "--once");
    usage("run", "--max-concurrent", "1001", "--once");
    usage("reconcile", "--dry-run", "--max-concurrent", "-1");
    usage("list", "--limit", "0");
    usage("list", "--limit", "100001");
    usage("logs", "1", "--attempt", "0");
    usage("logs", "1", "--attempt", "1000001");

    // Job ids.
    for (String command : List.of("show", "logs", "cancel", "retry", "approve")) {
      for (String id : BAD_IDS) {
        usage(command, id);
      }
      usage(command);
    }
    for (String id : BAD_IDS) {
      usage("reject", id, "--reason", "r");
    }
    usage("reject", "1");
    usage("reject", "1", "--reason", "");
    usage("reject", "1", "--reason");

    // Enums and flags.
    usage("list", "--state", "BOGUS");
    usage("list", "--state", "");
    usage("list", "--state");
    usage("run", "--orphans", "bogus", "--once");
    usage("run", "--orphans", "", "--once");
    usage("diagram", "--format", "png");
    usage("diagram", "--format");
    usage("run", "--once", "--until-idle");
    usage("reconcile");
    usage("completion", "bogus");

    // Unknown options and commands, repeated single-valued options.
    for (String command : List.of("submit", "list", "show", "logs", "run", "cancel", "retry", "approve", "reject",
        "health", "reconcile", "diagram", "doctor")) {
      if (command.equals("run")) {
        continue;
      }
      usage(command, "--bogus");
    }
    usage("run", "--once", "--bogus");
    usage("bogus");
    usage("lis");
    usage();
    usage("submit", "--timeout", "1s", "--timeout", "2s", "--", "true");
    usage("submit", "--name", "a", "--name", "b", "--", "true");
    usage("list", "--limit", "1", "--limit", "2");
    usage("health", "--stuck-after", "1h", "--stuck-after", "2h");
    usage("run", "--poll", "1s", "--poll", "2s", "--once");

    // Submit's values.
    for (String env : List.of("1BAD=x", "=V", "A B=x", "A-B=x", "A.B=x", "é=x", "A\0B=x", "A=x\0", "NOEQUALS", "")) {
      usage("submit", "--env", env, "--", "true");
    }
    usage("submit", "--env");
    for (String cwd : List.of("/nonexistent", "/etc/passwd", "", "/tmp\0x", db.toString())) {
      usage("submit", "--cwd", cwd, "--", "true");
    }
    for (String option : List.of("--verify-cmd", "--verify-file", "--key")) {
      usage("submit", option, "", "--", "true");
      usage("submit", option, "  ", "--", "true");
      usage("submit", option, "a\0b", "--", "true");
      usage("submit", option);
    }
    usage("submit", "--name", "a\0b", "--", "true");
    usage("submit", "--name", "x".repeat(1001), "--", "true");
    usage("submit");
    usage("submit", "--");
    usage("submit", "--", "");
    usage("submit", "--", " ");
    usage("submit", "--", "echo", "a\0b");

    // Global options.
    for (String s : List.of("", "a/b", "a b", "x".repeat(65), "..", "a\0b", "\u001b[31m")) {
      usage("--socket", s, "list");
    }
    usage("--socket");
    usage("--db");

    report();
  }

  @Test
  void aDatabasePathThatIsNotADatabaseFileIsRefusedForEveryCommand() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    Path fifo = dir.resolve("a-fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a database\n".repeat(100));
    Path missing = dir.resolve("missing.db");
    List<String[]> commands = List.of(new String[] {"list"}, new String[] {"show", "1"}, new String[] {"logs", "1"},
        new String[] {"health"}, new String[] {"reconcile", "--dry-run"}, new String[] {"submit", "--", "true"},
        new String[] {"cancel", "1"}, new String[] {"retry", "1"}, new String[] {"approve", "1"},
        new String[] {"reject", "1", "--reason", "r"});
    for (String[] command : commands) {
      expect(ExitCodes.USAGE, directory, command);
      expect(ExitCodes.USAGE, fifo, command);
      expect(ExitCodes.STORE, text, command);
      if (!command[0].equals("submit")) {
        expect(ExitCodes.STORE, missing, command);
      }
    }
    assertThat(missing).as("a read or an operator verb creates no database").doesNotExist();
    assertThat(Files.readString(text)).isEqualTo("not a database\n".repeat(100));
    report();
  }

  @Test
  void optionsAtTheirExtremesAreAccepted() {
    List<String[]> accepted = List.of(
        new String[] {"submit", "--priority", "1000000", "--max-attempts", "1000", "--timeout", "365d",
            "--verify-cmd", "true", "--verify-timeout", "1s", "--name", "x".repeat(1000), "--", "true"},
        new String[] {"submit", "--priority", "-1000000", "--max-attempts", "1", "--timeout", "1s",
            "--verify-timeout", "365d", "--verify-cmd", "true", "--env", "_=", "--env", "n=\n", "--", "true"},
        new String[] {"list", "--limit", "100000"}, new String[] {"list", "--limit", "1"},
        new String[] {"health", "--stuck-after", "365d", "--lease-stale-after", "1d", "--json"},
        new String[] {"health", "--stuck-after", "1s", "--lease-stale-after", "1s", "--json"},
        new String[] {"show", "1", "--json"}, new String[] {"diagram", "--format", "dot"});
    for (String[] args : accepted) {
      cases++;
      List<String> all = new ArrayList<>(List.of("--db", db.toString(), "--socket", socket));
      all.addAll(List.of(args));
      Cli.Result r = RealCli.run(all.toArray(new String[0]));
      // health may say unhealthy (6): no supervisor holds the lease while jobs are queued.
      if (r.code() != 0 && !(args[0].equals("health") && r.code() == ExitCodes.UNHEALTHY)) {
        failures.add(String.join(" ", args) + ": exit " + r.code() + ": " + r.err());
      }
    }
    report();
  }

  private void report() {
    System.out.println(getClass().getSimpleName() + ": " + cases + " cases, " + failures.size() + " wrong");
    assertThat(failures).as("%d of %d cases", failures.size(), cases).isEmpty();
  }
}
