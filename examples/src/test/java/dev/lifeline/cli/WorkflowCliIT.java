package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows through the real CLI, on a real SQLite file and real tmux (a private socket): a pipeline with
 * {@code --after}, a failed dependency failing the rest, {@code hold} and {@code release}, and {@code wait}'s exit
 * codes, including a {@code wait} in another JVM woken when the job ends.
 */
class WorkflowCliIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Map<String, String> env;

  @BeforeEach
  void needsTmux() {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs jobs in tmux");
    env = Map.of("LIFELINE_DB", dir.resolve("flow.db").toString(), "LIFELINE_SOCKET", socket);
  }

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  private Cli.Result cli(String... args) {
    return RealCli.run(env, args);
  }

  private String submit(String... args) {
    Cli.Result r = cli(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out().strip();
  }

  private Cli.Result runUntilIdle() {
    Cli.Result r = cli("run", "--until-idle", "--poll", "200ms", "--max-concurrent", "4");
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void aPipelineRunsInDependencyOrderAndAFailedStepFailsEveryStepAfterItWithoutRunningThem() throws Exception {
    String marker = dir.resolve("ran").toString();
    String fetch = submit("submit", "--name", "fetch", "--", "sh", "-c", "echo fetch >> '" + marker + "'");
    String build = submit("submit", "--name", "build", "--after", fetch, "--", "sh", "-c",
        "echo build >> '" + marker + "'; exit 4");
    String test = submit("submit", "--name", "test", "--after", build, "--", "sh", "-c",
        "echo test >> '" + marker + "'");
    String report = submit("submit", "--name", "report", "--after", fetch + "," + test, "--", "true");

    Cli.Result listed = cli("list");
    assertThat(listed.out()).contains("waiting on " + build).contains("waiting on " + fetch + ", " + test);

    runUntilIdle();

    assertThat(java.nio.file.Files.readAllLines(Path.of(marker))).containsExactly("fetch", "build");
    JsonNode jobs = new ObjectMapper().readTree(cli("list", "--json").out());
    assertThat(state(jobs, fetch)).isEqualTo("COMPLETED");
    assertThat(state(jobs, build)).isEqualTo("FAILED");
    assertThat(field(jobs, test, "failureReason")).isEqualTo("DEPENDENCY_FAILED");
    assertThat(field(jobs, test, "failureDetail")).isEqualTo("job " + build + " it waits for failed for good "
        + "(EXIT_CODE: exited with code 4)");
    assertThat(field(jobs, report, "failureReason")).isEqualTo("DEPENDENCY_FAILED");
    assertThat(find(jobs, report).get("after").toString()).isEqualTo("[" + fetch + "," + test + "]");
    Cli.Result shown = cli("show", test);
    assertThat(shown.out()).contains("Waits for").contains("job " + build + "  build  FAILED (EXIT_CODE)")
        .contains("Waited for by").contains("job " + report + "  report  FAILED (DEPENDENCY_FAILED)")
        .contains("ABANDON");
  }

  @Test
  void submitAfterAJobThatDoesNotExistExitsFourAndWritesNothing() {
    String first = submit("submit", "--", "true");

    Cli.Result r = cli("submit", "--after", first + ",999", "--", "true");

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err().strip()).isEqualTo("No job with id 999.");
    assertThat(cli("list", "--json").out()).doesNotContain("\"id\" : 2");
    assertThat(cli("submit", "--after", "x", "--", "true").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aHeldJobWaitsForReleaseAndEachHoldIsItsOwnGuardedChange() throws Exception {
    String held = submit("submit", "--name", "held", "--", "true");
    String other = submit("submit", "--name", "other", "--", "true");

    Cli.Result hold = cli("hold", held, "999", other, "--reason", "data not ready");
    assertThat(hold.code()).as("the first failure's code").isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(hold.out()).contains("Job " + held + ": QUEUED -> QUEUED (data not ready)")
        .contains("Job " + other + ": QUEUED -> QUEUED");
    assertThat(cli("hold", held).code()).as("already held").isEqualTo(ExitCodes.REFUSED);
    assertThat(cli("list").out()).contains("held");
    assertThat(cli("release", other).code()).isZero();

    cli("run", "--once");
    JsonNode jobs = new ObjectMapper().readTree(cli("list", "--json").out());
    assertThat(state(jobs, held)).isEqualTo("QUEUED");
    assertThat(find(jobs, held).get("held").asBoolean()).isTrue();
    assertThat(state(jobs, other)).isNotEqualTo("QUEUED");

    assertThat(cli("release", held).code()).isZero();
    runUntilIdle();
    assertThat(state(new ObjectMapper().readTree(cli("list", "--json").out()), held)).isEqualTo("COMPLETED");
    assertThat(cli("show", held, "--json").out()).contains("\"event\" : \"HOLD\"").contains("\"event\" : \"RELEASE\"");
  }

  @Test
  void waitExitsZeroWhenAllCompletedOneWhenOneFailedAndOneHundredTwentyFourOnItsTimeout() {
    String ok = submit("submit", "--name", "ok", "--", "true");
    String bad = submit("submit", "--name", "bad", "--", "sh", "-c", "exit 3");
    runUntilIdle();
    String later = submit("submit", "--name", "later", "--not-before", "1h", "--", "true");

    Cli.Result allOk = cli("wait", ok);
    assertThat(allOk.code()).isZero();
    assertThat(allOk.out().strip()).isEqualTo("Job " + ok + ": COMPLETED");

    Cli.Result oneFailed = cli("wait", ok, bad);
    assertThat(oneFailed.code()).isEqualTo(1);
    assertThat(oneFailed.out()).contains("Job " + bad + ": FAILED (EXIT_CODE: exited with code 3)");

    Cli.Result timedOut = cli("wait", ok, later, "--timeout", "1s");
    assertThat(timedOut.code()).isEqualTo(ExitCodes.TIMED_OUT).isEqualTo(124);
    assertThat(timedOut.err().strip()).isEqualTo("Timed out after 1s; still waiting on " + later + " (QUEUED).");

    assertThat(cli("wait", "999").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void aWaitInAnotherJvmReturnsWhenTheJobEndsWokenByTheDatabaseNotByPolling() throws Exception {
    String job = submit("submit", "--name", "slow", "--", "sleep", "2");
    CompletableFuture<Proc.Result> waiting = CompletableFuture.supplyAsync(() ->
        Proc.run(dir, env, Duration.ofSeconds(120), otherJvm("wait", job, "--timeout", "100s")));

    runUntilIdle();
    long ended = System.nanoTime();
    Proc.Result w = waiting.get();
    long millis = (System.nanoTime() - ended) / 1_000_000;

    System.out.println("WorkflowCliIT: run --until-idle returned -> wait in another JVM returned " + millis + " ms "
        + "later");
    assertThat(w.code()).as(w.toString()).isZero();
    assertThat(w.out().strip()).isEqualTo("Job " + job + ": COMPLETED");
  }

  @Test
  void aGroupLimitAndAPauseHoldJobsBackAndGroupListShowsThem() throws Exception {
    assertThat(cli("group", "set", "gpu", "--max-concurrent", "1").out().strip())
        .isEqualTo("Group gpu: at most 1 at once");
    String first = submit("submit", "--group", "gpu", "--", "sleep", "600");
    String second = submit("submit", "--group", "gpu", "--", "sleep", "600");
    String nightly = submit("submit", "--group", "nightly", "--", "true");
    assertThat(cli("group", "pause", "nightly").code()).isZero();

    assertThat(cli("run", "--once").code()).isZero();

    JsonNode jobs = new ObjectMapper().readTree(cli("list", "--json").out());
    assertThat(state(jobs, first)).isEqualTo("PROCESSING");
    assertThat(state(jobs, second)).isEqualTo("QUEUED");
    assertThat(state(jobs, nightly)).isEqualTo("QUEUED");
    assertThat(field(jobs, second, "group")).isEqualTo("gpu");
    JsonNode gpuOnly = new ObjectMapper().readTree(cli("list", "--group", "gpu", "--json").out());
    assertThat(gpuOnly).extracting(j -> j.get("id").asText()).containsExactly(second, first);
    assertThat(cli("list", "--group", "gpu", "--state", "QUEUED").out()).contains("QUEUED").doesNotContain("PROCESSING");
    List<String> lines = cli("group", "list").out().lines().map(l -> l.replaceAll(" +", " ").strip()).toList();
    assertThat(lines).contains("GROUP LIMIT PAUSED QUEUED RUNNING", "gpu 1 no 1 1", "nightly - yes 1 0");
    assertThat(cli("group", "set", "gpu").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli("group", "pause", "bad name").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli("group", "frobnicate", "gpu").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aDrainedStoreStartsNothingAndARunExitsAtOnceUntilUndrained() throws Exception {
    assertThat(cli("drain").out().strip())
        .isEqualTo("Drained: no new job starts; a running supervisor exits once its work has ended.");
    assertThat(cli("drain").out().strip()).isEqualTo("Already drained.");
    String job = submit("submit", "--", "true");

    Cli.Result drained = cli("run", "--poll", "200ms");
    assertThat(drained.code()).as("a drained run with nothing running exits at once").isZero();
    assertThat(drained.out() + drained.err()).contains("(drained");
    assertThat(state(new ObjectMapper().readTree(cli("list", "--json").out()), job)).isEqualTo("QUEUED");

    assertThat(cli("undrain").code()).isZero();
    runUntilIdle();
    assertThat(state(new ObjectMapper().readTree(cli("list", "--json").out()), job)).isEqualTo("COMPLETED");
  }

  private static List<String> otherJvm(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", Proc.builtClasspath(),
        "dev.lifeline.cli.LifelineCommand"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static JsonNode find(JsonNode jobs, String id) {
    for (JsonNode j : jobs) {
      if (j.get("id").asText().equals(id)) {
        return j;
      }
    }
    throw new AssertionError("no job " + id + " in " + jobs);
  }

  private static String state(JsonNode jobs, String id) {
    return find(jobs, id).get("state").asText();
  }

  private static String field(JsonNode jobs, String id, String name) {
    return find(jobs, id).get(name).asText();
  }
}
