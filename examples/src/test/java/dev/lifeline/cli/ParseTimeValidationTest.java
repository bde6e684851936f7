package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.spi.JobQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 findings 4 and 6: every number and duration has a range, every submit value is checked before a write. */
class ParseTimeValidationTest {

  private final Cli cli = new Cli();

  @TempDir
  Path temp;

  /** Runs {@code args}, expects exit 2 with one line on stderr holding every {@code words}, and no job written. */
  private void refused(List<String> args, String... words) {
    int before = cli.wiring.store.list(JobQuery.all()).size();
    Cli.Result r = cli.run(args.toArray(new String[0]));

    assertThat(r.code()).as("exit of %s: %s", args, r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).as("stdout of %s", args).isEmpty();
    assertThat(r.err().strip().lines()).as("stderr of %s", args).hasSize(1);
    assertThat(r.err()).as("stderr of %s", args).doesNotContain("Unexpected error").contains(words);
    assertThat(cli.wiring.store.list(JobQuery.all())).as("jobs after %s", args).hasSize(before);
  }

  private static List<String> submit(String... options) {
    List<String> a = new ArrayList<>(List.of("submit"));
    a.addAll(List.of(options));
    a.addAll(List.of("--", "true"));
    return a;
  }

  @Test
  void anAbsurdVerifyTimeoutIsRefusedAtParseTimeNamingTheOptionAndTheRange() {
    refused(List.of("submit", "--verify-cmd", "true", "--verify-timeout", "999999999999d", "--", "true"),
        "--verify-timeout", "from 1s to 365d");
  }

  @Test
  void durationsOutsideTheirRangesAreRefusedOnEveryCommand() {
    refused(submit("--timeout", "9999999999999d"), "--timeout", "from 1s to 365d");
    refused(submit("--timeout", "366d"), "--timeout", "from 1s to 365d");
    refused(submit("--timeout", "500ms"), "--timeout", "from 1s to 365d");
    refused(submit("--timeout", "0s"), "--timeout");
    refused(List.of("run", "--poll", "100000d"), "--poll", "from 10ms to 1h");
    refused(List.of("run", "--poll", "5ms"), "--poll", "from 10ms to 1h");
    refused(List.of("health", "--stuck-after", "0s"), "--stuck-after", "from 1s to 365d");
    refused(List.of("health", "--lease-stale-after", "2d"), "--lease-stale-after", "from 1s to 1d");
  }

  @Test
  void numbersOutsideTheirRangesAreRefusedOnEveryCommand() {
    refused(submit("--max-attempts", "0"), "--max-attempts", "from 1 to 1000");
    refused(submit("--max-attempts", "1001"), "--max-attempts", "from 1 to 1000");
    refused(submit("--priority", "99999999999"), "--priority", "from -1000000 to 1000000");
    refused(submit("--priority", "-1000001"), "--priority", "from -1000000 to 1000000");
    refused(List.of("run", "--max-concurrent", "0"), "--max-concurrent", "from 1 to 1000");
    refused(List.of("reconcile", "--dry-run", "--max-concurrent", "1001"), "--max-concurrent", "from 1 to 1000");
    refused(List.of("list", "--limit", "0"), "--limit", "from 1 to 100000");
    refused(List.of("list", "--limit", "-5"), "--limit");
    refused(List.of("logs", "1", "--attempt", "0"), "--attempt", "from 1 to 1000000");
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    Cli.Result r = cli.run("submit", "--timeout", "365d", "--verify-cmd", "true", "--verify-timeout", "1s",
        "--max-attempts", "1000", "--priority", "-1000000", "--", "true");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli.wiring.store.find(JobId.of(1)).orElseThrow().spec().maxAttempts()).isEqualTo(1000);
    assertThat(cli.run("list", "--limit", "100000").code()).isZero();
  }

  @Test
  void badEnvironmentNamesAreRefusedNamingTheOption() {
    refused(submit("--env", "1BAD=x"), "--env", "not a valid name");
    refused(submit("--env", "=V"), "--env");
    refused(submit("--env", "A B=x"), "--env", "not a valid name");
    refused(submit("--env", "A-B=x"), "--env", "not a valid name");
    refused(submit("--env", "A\0B=x"), "--env");
    refused(submit("--env", "A=x\0y"), "--env", "NUL");
    refused(submit("--env", "NOEQUALS"), "--env");
  }

  @Test
  void namesAShellOrTheWrapperUsesAreValidAndCarriedExactly() {
    Cli.Result r = cli.run("submit", "--env", "n=2", "--env", "IFS= ", "--env", "PATH=/nowhere", "--env",
        "cwd=/etc", "--env", "X=a=b", "--", "true");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli.wiring.store.find(JobId.of(1)).orElseThrow().spec().env())
        .isEqualTo(Map.of("n", "2", "IFS", " ", "PATH", "/nowhere", "cwd", "/etc", "X", "a=b"));
  }

  @Test
  void aWorkingDirectoryThatIsMissingOrNotADirectoryIsRefused() {
    refused(submit("--cwd", "/nonexistent"), "--cwd", "does not exist");
    refused(submit("--cwd", "/etc/passwd"), "--cwd", "is not a directory");
    refused(submit("--cwd", ""), "--cwd");
    refused(submit("--cwd", "/tmp\0x"), "--cwd", "NUL");
  }

  @Test
  void emptyVerifiersAndEmptyOrNulArgumentsAreRefused() {
    refused(submit("--verify-cmd", ""), "--verify-cmd", "must not be empty");
    refused(submit("--verify-cmd", "  "), "--verify-cmd", "must not be empty");
    refused(submit("--verify-file", ""), "--verify-file", "must not be empty");
    refused(submit("--verify-cmd", "true\0"), "--verify-cmd", "NUL");
    refused(List.of("submit", "--"), "ARGV");
    refused(List.of("submit"), "ARGV");
    refused(List.of("submit", "--", ""), "command");
    refused(List.of("submit", "--", "echo", "a\0b"), "a\\x00b");
    refused(submit("--name", "a\0b"), "--name", "NUL");
    refused(submit("--name", "x".repeat(1001)), "name", "1000");
    refused(submit("--key", ""), "--key", "must not be empty");
  }

  @Test
  void garbageGlobalOptionsAreUsageErrors() {
    refused(List.of("--socket", "a/b", "list"), "--socket", "not a socket name");
    refused(List.of("--socket", "", "list"), "--socket");
    refused(List.of("--db", "", "list"), "--db");
    refused(List.of("--db", temp.toString(), "list"), "--db", "is a directory");
  }
}
