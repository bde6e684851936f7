package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 finding 5, through the real {@code ./lifeline} launcher in a subprocess: under {@code LC_ALL=C} and
 * {@code LC_ALL=C.UTF-8} alike, non-ASCII arguments, names and file names arrive exactly, the job gets the caller's
 * locale, and an argument that is not valid UTF-8 is refused with exit 2 and nothing written.
 */
class LocaleIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  private Proc.Result lifeline(String locale, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", dir.resolve("jobs.db").toString(), "--socket", socket));
    all.addAll(List.of(args));
    return Proc.lifeline(Map.of("LC_ALL", locale, "LANG", ""), Duration.ofSeconds(120), all.toArray(new String[0]));
  }

  /** {@code ./lifeline ARGS} through {@code sh -c}, so a test can hand it bytes that are not valid UTF-8. */
  private Proc.Result lifelineSh(String locale, String script) {
    return Proc.run(Proc.repoRoot(), Map.of("LC_ALL", locale, "LANG", "", "DB", dir.resolve("jobs.db").toString()),
        Duration.ofSeconds(120), List.of("/bin/sh", "-c", script));
  }

  @ParameterizedTest
  @ValueSource(strings = {"C", "C.UTF-8"})
  void nonAsciiArgumentsAndNamesArriveExactlyAndTheJobKeepsTheCallersLocale(String locale) throws Exception {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs a job in tmux");
    Proc.Result submitted = lifeline(locale, "submit", "--name", "nàme", "--cwd", dir.toString(), "--", "sh", "-c",
        "printf '%s' \"$1\" > arg; printf '%s' \"${LC_ALL-unset}\" > locale", "sh", "é 日本 🚀");
    assertThat(submitted.code()).as(submitted.err()).isZero();

    Proc.Result run = lifeline(locale, "run", "--until-idle", "--poll", "100ms");
    Proc.Result list = lifeline(locale, "list");
    Proc.Result json = lifeline(locale, "show", "1", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("arg"))).isEqualTo("é 日本 🚀".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(dir.resolve("locale"))).as("the job's LC_ALL").isEqualTo(locale);
    assertThat(list.out()).contains("nàme").doesNotContain("\uFFFD");
    assertThat(json.out()).contains("\"name\" : \"nàme\"", "\"é 日本 🚀\"", "COMPLETED");
  }

  /**
   * The job's process gets exactly the caller's locale variables, read from its {@code /proc/PID/environ}: each one
   * the caller had, once and with the caller's value, none the caller did not have (not even empty), and nothing the
   * launcher told the JVM ({@code LIFELINE_CALLER_*}).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LC_ALL=C", "LC_ALL=C LANG=C.UTF-8", "LANG=C", "LANG=C LC_MESSAGES=POSIX", "LC_ALL=",
      "LC_ALL=C.UTF-8 LANG=C"})
  void theJobGetsExactlyTheCallersLocaleVariablesAndNothingOfTheLaunchers(String locale) throws Exception {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs a job in tmux");
    Map<String, String> caller = new java.util.TreeMap<>();
    for (String assignment : locale.split(" ")) {
      caller.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
    }
    Proc.Result submitted = lifelineAs(caller, "submit", "--cwd", dir.toString(), "--", "sh", "-c",
        "cat /proc/$$/environ > environ");
    Proc.Result run = lifelineAs(caller, "run", "--until-idle", "--poll", "100ms");

    assertThat(submitted.code()).as(submitted.err()).isZero();
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, List<String>> job = environ(dir.resolve("environ"));
    Map<String, List<String>> jobLocale = new java.util.TreeMap<>();
    job.forEach((name, values) -> {
      if (SqliteTmuxWiring.LOCALE_VARIABLES.contains(name) || name.startsWith("LC_")) {
        jobLocale.put(name, values);
      }
    });
    Map<String, List<String>> expected = new java.util.TreeMap<>();
    caller.forEach((name, value) -> expected.put(name, List.of(value)));
    assertThat(jobLocale).as("the job's locale variables").isEqualTo(expected);
    assertThat(job.keySet()).as("the job's variables").noneMatch(name -> name.startsWith("LIFELINE_CALLER_"))
        .contains("PATH", "HOME");
  }

  /**
   * The tmux server already runs, started by someone with other locale variables (its global environment has them):
   * the job still gets exactly the caller's, each set or removed in the launch itself.
   */
  @Test
  void onAServerStartedWithAnotherLocaleTheJobStillGetsExactlyTheCallers() throws Exception {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs a job in tmux");
    Proc.Result server = Proc.run(dir, Map.of("LC_ALL", "C.UTF-8", "LANG", "C.UTF-8", "LC_TIME", "POSIX",
        "LIFELINE_CALLER_LC_ALL", "set:C.UTF-8"), Duration.ofSeconds(30),
        List.of("tmux", "-f", "/dev/null", "-L", socket, "new-session", "-d", "-s", "other", "sleep", "120"));
    assertThat(server.code()).as(server.err()).isZero();
    Map<String, String> caller = Map.of("LANG", "C");

    Proc.Result submitted = lifelineAs(caller, "submit", "--cwd", dir.toString(), "--", "sh", "-c",
        "cat /proc/$$/environ > environ");
    Proc.Result run = lifelineAs(caller, "run", "--until-idle", "--poll", "100ms");

    assertThat(submitted.code()).as(submitted.err()).isZero();
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, List<String>> job = environ(dir.resolve("environ"));
    assertThat(job).as("the job's variables").containsEntry("LANG", List.of("C"))
        .doesNotContainKeys("LC_ALL", "LC_TIME", "LIFELINE_CALLER_LC_ALL");
  }

  private static Map<String, List<String>> environ(Path file) throws java.io.IOException {
    Map<String, List<String>> env = new java.util.TreeMap<>();
    for (String entry : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      env.computeIfAbsent(eq < 0 ? entry : entry.substring(0, eq), k -> new ArrayList<>())
          .add(eq < 0 ? "" : entry.substring(eq + 1));
    }
    return env;
  }

  /**
   * {@code ./lifeline ARGS} with exactly {@code locale} as the caller's locale variables: every other one the test
   * JVM has is removed ({@code env -u}).
   */
  private Proc.Result lifelineAs(Map<String, String> locale, String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/env"));
    for (String name : System.getenv().keySet()) {
      if ((SqliteTmuxWiring.LOCALE_VARIABLES.contains(name) || name.startsWith("LC_")
          || name.startsWith("LIFELINE_")) && !locale.containsKey(name)) {
        command.addAll(List.of("-u", name));
      }
    }
    for (String name : SqliteTmuxWiring.LOCALE_VARIABLES) {
      if (!locale.containsKey(name)) {
        command.addAll(List.of("-u", name));
      }
    }
    locale.forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(List.of("./lifeline", "--db", dir.resolve("jobs.db").toString(), "--socket", socket));
    command.addAll(List.of(args));
    return Proc.run(Proc.repoRoot(), Map.of(), Duration.ofSeconds(120), command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"C", "C.UTF-8"})
  void aNonAsciiDatabaseFileNameWorks(String locale) {
    Proc.Result r = Proc.lifeline(Map.of("LC_ALL", locale, "LANG", "", "LIFELINE_DB",
        dir.resolve("é.db").toString()), Duration.ofSeconds(120), "list");

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.STORE);
    assertThat(r.err()).contains("There is no Lifeline database at " + dir.resolve("é.db"))
        .doesNotContain("Unexpected error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"C", "C.UTF-8"})
  void anArgumentThatIsNotValidUtf8IsRefusedAndNothingIsWritten(String locale) {
    Proc.Result first = lifeline(locale, "submit", "--", "true");
    assertThat(first.code()).as(first.err()).isZero();

    Proc.Result bad = lifelineSh(locale, "./lifeline --db \"$DB\" submit -- echo \"$(printf 'a\\377b')\"");
    Proc.Result badName = lifelineSh(locale, "./lifeline --db \"$DB\" submit --name \"$(printf '\\303')\" -- true");
    Proc.Result replacement = lifelineSh(locale, "./lifeline --db \"$DB\" submit -- echo \"$(printf '\\357\\277\\275')\"");

    assertThat(bad.code()).as(bad.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).isEqualTo("Argument 6 is not valid UTF-8 and cannot be carried exactly.\n");
    assertThat(badName.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.err()).contains("Argument 5 is not valid UTF-8");
    assertThat(replacement.code()).as("a real U+FFFD is valid UTF-8: " + replacement.err()).isZero();
    Proc.Result json = lifeline(locale, "list", "--json");
    assertThat(json.out()).contains("\"echo\", \"\uFFFD\"").doesNotContain("a\uFFFDb");
    assertThat(json.out().split("\"id\"", -1)).as("jobs 1 and 3 only").hasSize(3);
  }
}
