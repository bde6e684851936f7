package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.TransitionTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeline import} through the real CLI on real SQLite files: a {@code task_queue.db} built by the fixture
 * scripts (the first table, the columns added later, an older variant with {@code log_file}) comes in with the right
 * states, reasons, times and histories; the source stays byte-identical; a second import adds nothing; a dry run
 * writes nothing.
 */
class ImportCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path source;
  private Path project;
  private Path db;
  private Map<String, String> env;

  @BeforeEach
  void fixture() throws Exception {
    project = Files.createDirectory(dir.resolve("project"));
    source = TaskQueueFixture.create(dir.resolve("task_queue.db"), project, "base.sql", "later-columns.sql",
        "rows.sql");
    db = dir.resolve("lifeline.db");
    env = Map.of("LIFELINE_DB", db.toString());
  }

  private Cli.Result cli(String... args) {
    return RealCli.run(env, args);
  }

  private Map<String, JsonNode> jobsByName() throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode j : JSON.readTree(cli("list", "--json", "--limit", "1000").out())) {
      out.put(j.get("name").asText(), JSON.readTree(cli("show", j.get("id").asText(), "--json").out()));
    }
    return out;
  }

  private static Instant at(JsonNode job, String field) {
    return job.get(field).isNull() ? null : Instant.parse(job.get(field).asText());
  }

  @Test
  void everyStatusFamilyComesInWithTheRightStateReasonTimesAndALegalHistory() throws Exception {
    String before = Checksums.sha256(source);

    Cli.Result r = cli("import", source.toString(), "--", "./run-agent.sh", "--yes");

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.ERROR); // two rows cannot be imported
    assertThat(r.err()).contains("row 12 cannot be imported: its status 'on_hold_maybe' is not one import knows")
        .contains("row 13 cannot be imported: enqueued_at 'yesterday' is neither epoch seconds nor an ISO-8601 time");
    assertThat(r.out()).contains("Imported 11 of 13 row(s), 2 could not be.");
    assertThat(Checksums.sha256(source)).as("the source is never written").isEqualTo(before);

    Map<String, JsonNode> jobs = jobsByName();
    assertThat(jobs).hasSize(11);
    JsonNode fetch = jobs.get("Fetch Data");
    assertThat(fetch.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(at(fetch, "createdAt")).isEqualTo(Instant.parse("2025-06-04T01:20:00.250Z"));
    assertThat(at(fetch, "startedAt")).isEqualTo(Instant.parse("2025-06-04T01:21:00.500Z"));
    assertThat(at(fetch, "finishedAt")).isEqualTo(Instant.parse("2025-06-04T02:20:00Z"));
    assertThat(fetch.get("argv")).extracting(JsonNode::asText).containsExactly("./run-agent.sh", "--yes",
        "specs/fetch.md");
    assertThat(fetch.get("cwd").asText()).isEqualTo(project.toString());
    assertThat(jobs.get("Reporting Mvp Integration").get("state").asText()).isEqualTo("COMPLETED");
    assertThat(jobs.get("Reporting Mvp Integration").get("priority").asInt()).isEqualTo(5);

    JsonNode broken = jobs.get("Broken Build");
    assertThat(broken.get("state").asText()).isEqualTo("FAILED");
    assertThat(broken.get("failureReason").asText()).isEqualTo("SESSION_LOST");
    assertThat(broken.get("failureDetail").asText())
        .isEqualTo("failed in task_queue.db (row 3): Session claude_build not found");
    assertThat(broken.get("cwd").asText()).as("a project path that is gone").isEqualTo(Path.of("").toAbsolutePath()
        .toString());
    assertThat(jobs.get("Shouting Failure").get("state").asText()).isEqualTo("FAILED");
    JsonNode givenUp = jobs.get("Given Up");
    assertThat(givenUp.get("failureDetail").asText()).endsWith(": max retries exceeded");
    assertThat(at(givenUp, "finishedAt")).as("an end before the start is moved to the start")
        .isEqualTo(at(givenUp, "startedAt"));

    for (String name : List.of("Next In Line", "Running Old", "Running Loud", "Tried Again", "Out Of Credit")) {
      assertThat(jobs.get(name).get("state").asText()).as(name).isEqualTo("QUEUED");
      assertThat(jobs.get(name).get("attempt").asInt()).as(name).isZero();
    }
    assertThat(jobs.get("Out Of Credit").get("held").asBoolean()).isTrue();
    assertThat(jobs.get("Next In Line").get("held").asBoolean()).isFalse();
    assertThat(jobs.get("Next In Line").get("priority").asInt()).isEqualTo(9);

    JsonNode text = jobs.get("Text Times");
    assertThat(at(text, "createdAt")).isEqualTo(Instant.parse("2025-06-04T01:20:00Z"));
    assertThat(at(text, "startedAt")).as("text without an offset is in this machine's zone")
        .isEqualTo(java.time.LocalDateTime.parse("2025-06-04T01:21:00").atZone(ZoneId.systemDefault()).toInstant());
    assertThat(at(text, "finishedAt")).isEqualTo(Instant.parse("2025-06-04T01:30:00.500Z"));

    TransitionTable table = TransitionTable.standard();
    for (JsonNode job : jobs.values()) {
      JsonNode history = job.get("history");
      assertThat(history.get(0).get("event").asText()).isEqualTo("SUBMIT");
      for (int i = 1; i < history.size(); i++) {
        JsonNode h = history.get(i);
        JobState from = JobState.valueOf(h.get("from").asText());
        JobState to = JobState.valueOf(h.get("to").asText());
        assertThat(table.edges(from, JobEvent.valueOf(h.get("event").asText())))
            .as("%s: %s", job.get("name"), h).anyMatch(e -> e.to() == to);
        assertThat(h.get("from").asText()).isEqualTo(history.get(i - 1).get("to").asText());
      }
      for (JsonNode h : history) {
        assertThat(h.get("actor").asText()).as("%s", job.get("name")).isEqualTo("import");
      }
    }
  }

  @Test
  void importingTheSameFileAgainAddsNothing() throws Exception {
    cli("import", source.toString(), "--", "./run-agent.sh");
    String store = Checksums.database(db);

    Cli.Result again = cli("import", source.toString(), "--", "./run-agent.sh");

    assertThat(again.out()).contains("Imported 0 of 13 row(s), 11 imported before, 2 could not be.")
        .contains("(imported before)");
    assertThat(Checksums.database(db)).as("no row of the store changed").isEqualTo(store);
  }

  @Test
  void aDryRunPrintsThePlanAndOpensNoLifelineDatabase() {
    String before = Checksums.sha256(source);

    Cli.Result r = cli("import", source.toString(), "--dry-run", "--", "./run-agent.sh");

    assertThat(r.out()).contains("row 1 Fetch Data (completed) -> COMPLETED (dry run)")
        .contains("row 10 Out Of Credit (credit_paused) -> QUEUED (dry run)")
        .contains("Dry run: 11 of 13 row(s) would be imported, 2 cannot be; nothing was written.");
    assertThat(db).doesNotExist();
    assertThat(Checksums.sha256(source)).isEqualTo(before);
  }

  @Test
  void withActiveFailedNothingComesInToRunAndNothingIsEverProcessing() throws Exception {
    Cli.Result r = cli("import", source.toString(), "--active", "failed");

    assertThat(r.out()).contains("Imported 11 of 13");
    Map<String, JsonNode> jobs = jobsByName();
    for (String name : List.of("Next In Line", "Running Old", "Running Loud", "Tried Again", "Out Of Credit")) {
      assertThat(jobs.get(name).get("state").asText()).as(name).isEqualTo("FAILED");
      assertThat(jobs.get(name).get("failureReason").asText()).as(name).isEqualTo("SESSION_LOST");
    }
    assertThat(jobs.get("Running Old").get("failureDetail").asText()).isEqualTo("processing in task_queue.db "
        + "(row 7) when imported with --active failed; its session claude_run is not Lifeline's");
    assertThat(jobs.get("Running Loud").get("failureDetail").asText()).contains("its session main_8");
    assertThat(at(jobs.get("Running Old"), "startedAt")).isEqualTo(Instant.ofEpochSecond(1749000900));
    List<String> states = new ArrayList<>();
    jobs.values().forEach(j -> states.add(j.get("state").asText()));
    assertThat(states).doesNotContain("PROCESSING", "QUEUED", "VERIFICATION");
    assertThat(jobs.get("Fetch Data").get("argv")).extracting(JsonNode::asText).containsExactly("specs/fetch.md");
  }

  @Test
  void queuedRowsWithoutACommandToRunAreRefusedWithNothingWritten() {
    Cli.Result r = cli("import", source.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("has 5 queued or processing row(s) that would run: give the command after --");
    assertThat(db).doesNotExist();
  }

  @Test
  void theOlderVariantWithALogFileAndTextTimesComesIn() throws Exception {
    Path old = TaskQueueFixture.create(dir.resolve("old.db"), project, "old-variant.sql");

    Cli.Result r = cli("import", old.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, JsonNode> jobs = jobsByName();
    assertThat(jobs.get("Old Done").get("state").asText()).isEqualTo("COMPLETED");
    assertThat(at(jobs.get("Old Done"), "finishedAt")).isEqualTo(Instant.parse("2024-01-02T04:00:00Z"));
    assertThat(jobs.get("Old Failed").get("failureDetail").asText()).endsWith(": tmux session died");
  }

  @Test
  void aFileThatIsNotATaskQueueIsRefusedInOneSentence() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    Path missing = dir.resolve("missing.db");
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a database at all, just some text\n".repeat(40));

    for (Path p : List.of(empty, missing, text)) {
      Cli.Result r = cli("import", p.toString(), "--dry-run");
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.STORE);
      assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }
    assertThat(cli("import", missing.toString()).err()).contains("There is no task_queue.db at");
    assertThat(missing).doesNotExist();
    assertThat(db).doesNotExist();
  }
}
