package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the real {@code ./lifeline} launcher, real SQLite files and tmux on a private socket. */
class LauncherIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private String db;

  @BeforeEach
  void needsTmux() {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: the launcher end-to-end tests need it");
    db = dir.resolve("jobs.db").toString();
  }

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  private Proc.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db, "--socket", socket));
    all.addAll(List.of(args));
    return Proc.lifeline(Map.of(), Duration.ofSeconds(120), all.toArray(new String[0]));
  }

  @Test
  void threeJobsSubmittedAndRunUntilIdleEndInTheRightStatesWithTheirHistory() throws Exception {
    // Given: one job that passes its verification, one that exits 3, one whose verification fails
    Proc.Result ok = cli("submit", "--name", "builds", "--cwd", dir.toString(), "--verify-file", "artifact.txt",
        "--", "sh", "-c", "echo building from lifeline; echo done > artifact.txt");
    Proc.Result bad = cli("submit", "--name", "breaks", "--", "sh", "-c", "echo broken >&2; exit 3");
    Proc.Result unverified = cli("submit", "--name", "unverified", "--cwd", dir.toString(), "--verify-cmd",
        "test -f never-written.txt", "--", "true");
    assertThat(List.of(ok.code(), bad.code(), unverified.code())).as(ok + "\n" + bad).containsOnly(0);
    assertThat(List.of(ok.out(), bad.out(), unverified.out())).containsExactly("1\n", "2\n", "3\n");

    // When: the supervisor runs until nothing is left, logging to a file
    Path log = dir.resolve("supervisor.log");
    Proc.Result run = cli("run", "--until-idle", "--poll", "250ms", "--log", log.toString());

    // Then
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("job 1 builds START").contains("job 2 breaks EXITED");
    List<String> logged = Files.readAllLines(log);
    assertThat(logged).anyMatch(l -> l.contains("job 3 unverified REJECT VERIFICATION -> FAILED"));
    assertThat(logged.stream().filter(l -> l.contains(" START QUEUED -> PROCESSING"))).hasSize(3);
    assertThat(logged).noneMatch(l -> l.contains("\u001b["));
    JsonNode list = JSON.readTree(cli("list", "--json").out());
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("id").asLong()).isEqualTo(3);
    assertThat(list.get(0).get("state").asText()).isEqualTo("FAILED");
    assertThat(list.get(0).get("failureReason").asText()).isEqualTo("VERIFICATION_FAILED");
    assertThat(list.get(0).get("exitCode").asInt()).isZero();
    assertThat(list.get(1).get("state").asText()).isEqualTo("FAILED");
    assertThat(list.get(1).get("failureReason").asText()).isEqualTo("EXIT_CODE");
    assertThat(list.get(1).get("exitCode").asInt()).isEqualTo(3);
    assertThat(list.get(2).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(list.get(2).get("failureReason").isNull()).isTrue();
    assertThat(list.get(2).get("argv").get(0).asText()).isEqualTo("sh");

    JsonNode shown = JSON.readTree(cli("show", "1", "--json").out());
    assertThat(events(shown)).containsExactly("SUBMIT", "START", "EXITED", "PASS");
    assertThat(shown.get("history").get(0).get("from").isNull()).isTrue();
    assertThat(shown.get("history").get(3).get("to").asText()).isEqualTo("COMPLETED");
    assertThat(shown.get("finishedAt").isNull()).isFalse();
    JsonNode failed = JSON.readTree(cli("show", "2", "--json").out());
    assertThat(events(failed)).containsExactly("SUBMIT", "START", "EXITED");
    assertThat(failed.get("history").get(2).get("reason").asText()).isEqualTo("EXIT_CODE");
    JsonNode rejected = JSON.readTree(cli("show", "3", "--json").out());
    assertThat(events(rejected)).containsExactly("SUBMIT", "START", "EXITED", "REJECT");
    assertThat(rejected.get("history").get(3).get("detail").asText()).isNotBlank();

    Proc.Result logs = cli("logs", "1");
    assertThat(logs.code()).as(logs.toString()).isZero();
    assertThat(logs.out()).contains("building from lifeline");
    Proc.Result table = cli("list");
    assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[1])).containsExactly("FAILED", "FAILED",
        "COMPLETED");
  }

  @Test
  void everyDocumentedExitCodeComesOutOfTheRealCli() throws Exception {
    // 0 and 2
    assertThat(cli("submit", "--", "true").code()).isZero();
    Proc.Result usage = cli("submit", "--timeout", "soon", "--", "true");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err().strip().lines()).hasSize(1);
    // 6: a queued job and no supervisor
    Proc.Result unhealthy = cli("health");
    assertThat(unhealthy.code()).as(unhealthy.toString()).isEqualTo(6);
    // 3: cancelling twice
    assertThat(cli("cancel", "1").code()).isZero();
    Proc.Result refused = cli("cancel", "1");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err().strip()).isEqualTo("Job 1 is FAILED, where CANCEL is not allowed.");
    // 4
    Proc.Result missing = cli("show", "999");
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err().strip()).isEqualTo("No job with id 999.");
    // 5: a text file where the database should be, left unchanged
    Path text = dir.resolve("notes.db");
    Files.writeString(text, "these are my notes, not a database\n".repeat(200));
    String before = Checksums.sha256(text);
    Proc.Result store = Proc.lifeline(Map.of(), Duration.ofSeconds(60), "--db", text.toString(), "list");
    assertThat(store.code()).as(store.toString()).isEqualTo(5);
    assertThat(store.err().strip().lines()).hasSize(1);
    assertThat(Checksums.sha256(text)).isEqualTo(before);
    // 7: tmux that is not there
    Proc.Result noTmux = Proc.lifeline(Map.of("LIFELINE_TMUX", dir.resolve("no-such-tmux").toString()),
        Duration.ofSeconds(60), "--db", db, "--socket", socket, "doctor");
    assertThat(noTmux.code()).as(noTmux.toString()).isEqualTo(7);
    assertThat(noTmux.out()).contains("FAIL");
    // 1: a second supervisor while the first holds the lease
    assertThat(cli("submit", "--", "sleep", "30").code()).isZero();
    ProcessBuilder first = new ProcessBuilder("./lifeline", "--db", db, "--socket", socket, "run", "--poll", "200ms")
        .directory(Proc.repoRoot().toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("first-run.out").toFile());
    Process supervisor = first.start();
    try {
      awaitLeaseHeld();
      Proc.Result second = cli("run", "--once");
      assertThat(second.code()).as(second.toString()).isEqualTo(1);
      assertThat(second.err().strip()).startsWith("Another supervisor is running on this store:")
          .contains(":" + supervisor.pid());
      assertThat(second.err().strip().lines()).hasSize(1);
    } finally {
      supervisor.destroy();
      supervisor.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    // SIGTERM released the lease: a new supervisor can take it at once
    Proc.Result after = cli("run", "--once");
    assertThat(after.code()).as(after.toString()).isZero();
  }

  private void awaitLeaseHeld() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Proc.Result h = cli("health", "--json");
      if (h.code() != 5 && !h.out().isBlank() && !JSON.readTree(h.out()).get("lease").isNull()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the first supervisor never took the lease: "
        + Files.readString(dir.resolve("first-run.out")));
  }

  @Test
  void demoRunsToTheEndAndPrintsItsTable() {
    Proc.Result demo = Proc.lifeline(Map.of(), Duration.ofSeconds(120), "demo");

    assertThat(demo.code()).as(demo.toString()).isZero();
    String table = demo.out().substring(demo.out().lastIndexOf("ID  "));
    assertThat(table).contains("COMPLETED").contains("EXIT_CODE").contains("VERIFICATION_FAILED")
        .contains("TIMED_OUT").contains("2/2");
    assertThat(demo.out()).contains("Timeline");
  }

  @Test
  void logsFollowStreamsARunningJobUntilItEnds() throws Exception {
    assertThat(cli("submit", "--name", "talker", "--", "sh", "-c",
        "echo first line; sleep 2; echo second line").code()).isZero();
    Process supervisor = new ProcessBuilder("./lifeline", "--db", db, "--socket", socket, "run", "--poll", "200ms")
        .directory(Proc.repoRoot().toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("run.out").toFile()).start();
    try {
      Proc.Result follow = cli("logs", "1", "--follow");

      assertThat(follow.code()).as(follow.toString()).isZero();
      assertThat(follow.out()).contains("first line").contains("second line");
      assertThat(follow.out().indexOf("first line")).isLessThan(follow.out().indexOf("second line"));
    } finally {
      supervisor.destroy();
      supervisor.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static List<String> events(JsonNode job) {
    List<String> out = new ArrayList<>();
    job.get("history").forEach(h -> out.add(h.get("event").asText()));
    return out;
  }
}
