package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, the tampered-database family, at the CLI through the real {@code ./lifeline} launcher: a real SQLite file
 * with three jobs, one of them changed behind Lifeline's back (an unknown state string written past the CHECK
 * constraint, or an argv that does not decode). Reads name the row (exit 5, one line); the supervisor runs the other
 * two to COMPLETED and leaves the tampered row exactly as it was.
 */
class TamperedRowCommandsIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Path db;

  @BeforeEach
  void threeTrueJobs() {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs jobs in tmux");
    db = dir.resolve("jobs.db");
    for (String name : List.of("first", "second", "third")) {
      Proc.Result r = cli("submit", "--name", name, "--cwd", dir.toString(), "--", "true");
      assertThat(r.code()).as(r.toString()).isZero();
    }
  }

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  private Proc.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString(), "--socket", socket));
    all.addAll(List.of(args));
    return Proc.lifeline(Map.of(), Duration.ofSeconds(120), all.toArray(new String[0]));
  }

  @Test
  void anUnknownStateIsNamedByShowAndListWhileRunCompletesTheOtherJobsAndLeavesTheRowAlone() throws Exception {
    // Given: job 2's state is a string no version of Lifeline writes
    sql("PRAGMA ignore_check_constraints = 1", "UPDATE job SET state = 'RUNNING?' WHERE id = 2");
    Map<String, Object> before = row(2);

    // When
    Proc.Result show = cli("show", "2");
    Proc.Result showOther = cli("show", "1");
    Proc.Result list = cli("list");
    Proc.Result listJson = cli("list", "--json");
    Proc.Result run = cli("run", "--until-idle", "--poll", "100ms");

    // Then: one line naming job 2 and what is wrong with it, exit 5, nothing on stdout
    assertThat(show.code()).as(show.toString()).isEqualTo(ExitCodes.STORE);
    assertThat(show.out()).isEmpty();
    assertThat(show.err()).isEqualTo("job 2 in " + db + " cannot be read: state 'RUNNING?' is not a known state.\n");
    assertThat(showOther.code()).as("another job still shows: " + showOther).isZero();
    for (Proc.Result r : List.of(list, listJson)) {
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.STORE);
      assertThat(r.err()).startsWith("job 2 in ").contains("'RUNNING?'").doesNotContain("Unexpected")
          .hasLineCount(1);
    }
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(state(1)).isEqualTo("COMPLETED");
    assertThat(state(3)).isEqualTo("COMPLETED");
    assertThat(row(2)).as("the tampered row is unchanged").isEqualTo(before);
  }

  @Test
  void aQueuedRowWhoseArgvDoesNotDecodeIsSkippedWithANoticeAndTheOthersComplete() throws Exception {
    // Given: job 2 is QUEUED, so the supervisor reads it, but its argv is not a list of counted strings
    sql("UPDATE job SET argv = 'garbage' WHERE id = 2");
    Map<String, Object> before = row(2);

    // When: the supervisor runs until idle (a row it cannot read is nothing it can act on, so it must not wait for it)
    List<Proc.Result> runs = List.of(cli("run", "--until-idle", "--poll", "100ms"));
    Proc.Result show = cli("show", "2");
    Proc.Result health = cli("health");

    // Then
    assertThat(runs).allSatisfy(r -> assertThat(r.code()).as(r.toString()).isZero());
    assertThat(state(1)).as(runs.toString()).isEqualTo("COMPLETED");
    assertThat(state(3)).isEqualTo("COMPLETED");
    assertThat(runs.get(0).out() + runs.get(0).err())
        .contains("notice: job 2 was skipped: its row cannot be read: argv is not a list of counted strings");
    assertThat(row(2)).as("the tampered row is unchanged").isEqualTo(before);
    assertThat(show.code()).isEqualTo(ExitCodes.STORE);
    assertThat(show.err()).startsWith("job 2 in ").contains("argv is not a list of counted strings")
        .hasLineCount(1);
    assertThat(health.code()).as(health.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(health.out() + health.err()).contains("job 2 cannot be read: argv");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private Map<String, Object> row(long id) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM job WHERE id = " + id)) {
      assertThat(rs.next()).as("job " + id + " exists").isTrue();
      ResultSetMetaData md = rs.getMetaData();
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.put(md.getColumnName(i), rs.getObject(i));
      }
      return out;
    }
  }

  private String state(long id) throws SQLException {
    return String.valueOf(row(id).get("state"));
  }
}
