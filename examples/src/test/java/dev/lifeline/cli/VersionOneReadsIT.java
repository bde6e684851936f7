package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an upgrade, the read commands work on a database still at schema version 1 (built here by the V1 script
 * itself) without migrating it: they exit 0 and leave its bytes unchanged. A write command then migrates it.
 */
class VersionOneReadsIT {

  private static final long T = 1_778_051_289_010L; // 2026-05-06T07:08:09.010Z

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killOurTmuxServer() {
    Proc.killTmuxServer(socket);
  }

  /** A version-1 file: the V1 script from the SQLite adapter, the header values V1 set, two finished jobs. */
  private Path versionOneFile() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA journal_mode = WAL");
      st.executeUpdate("BEGIN IMMEDIATE");
      for (String sql : versionOneStatements()) {
        st.executeUpdate(sql);
      }
      st.executeUpdate("PRAGMA application_id = " + 0x4C464C4E); // "LFLN"
      st.executeUpdate("PRAGMA user_version = 1");
      st.executeUpdate("INSERT INTO job (id, name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state,"
          + " version, attempt, session, owner, exit_code, failure_reason, failure_detail, not_before,"
          + " idempotency_key, created_at, started_at, finished_at, updated_at) VALUES"
          + " (1, 'build ü', '4:make,3:all,', '/srv', '', 0, 1, NULL, '', 'FAILED', 2, 1, 'build-1-1', 'h:1', 2,"
          + " 'EXIT_CODE', 'exit 2', NULL, NULL, " + T + ", " + (T + 1000) + ", " + (T + 2000) + ", " + (T + 2000)
          + "), (2, 'done', '4:true,', NULL, '', 0, 1, NULL, '', 'COMPLETED', 3, 1, 'done-2-1', 'h:1', 0, NULL,"
          + " NULL, NULL, NULL, " + (T + 5) + ", " + (T + 1000) + ", " + (T + 3000) + ", " + (T + 3000) + ")");
      st.executeUpdate("INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail,"
          + " actor, at) VALUES"
          + " (1, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, 'alice', " + T + "),"
          + " (1, 1, 'QUEUED', 'PROCESSING', 'START', NULL, NULL, 'h:1', " + (T + 1000) + "),"
          + " (1, 1, 'PROCESSING', 'FAILED', 'EXITED', 'EXIT_CODE', 'exit 2', 'h:1', " + (T + 2000) + "),"
          + " (2, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, NULL, " + (T + 5) + "),"
          + " (2, 1, 'QUEUED', 'PROCESSING', 'START', NULL, NULL, 'h:1', " + (T + 1000) + "),"
          + " (2, 1, 'PROCESSING', 'VERIFICATION', 'EXITED', NULL, NULL, 'h:1', " + (T + 2000) + "),"
          + " (2, 1, 'VERIFICATION', 'COMPLETED', 'PASS', NULL, NULL, 'h:1', " + (T + 3000) + ")");
      st.executeUpdate("COMMIT");
    }
    return file;
  }

  /** The statements of the adapter's own V1 script (whole-line comments removed, split at semicolons). */
  private static String[] versionOneStatements() throws IOException {
    String text;
    try (InputStream in = VersionOneReadsIT.class.getClassLoader()
        .getResourceAsStream("dev/lifeline/sqlite/migration/V1__init.sql")) {
      assertThat(in).as("the V1 script is on the classpath").isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(sql.toString().split(";")).filter(s -> !s.isBlank()).toArray(String[]::new);
  }

  private Cli.Result lifeline(Path db, String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--db";
    all[1] = db.toString();
    all[2] = "--socket";
    all[3] = socket;
    System.arraycopy(args, 0, all, 4, args.length);
    return RealCli.run(all);
  }

  @Test
  void listShowHealthAndDoctorExitZeroOnAVersionOneFileAndChangeNoByte() throws Exception {
    Path db = versionOneFile();
    String before = Checksums.database(db);
    String fileBefore = Checksums.sha256(db);

    Cli.Result list = lifeline(db, "list");
    Cli.Result listJson = lifeline(db, "list", "--json");
    Cli.Result show = lifeline(db, "show", "1", "--json");
    Cli.Result health = lifeline(db, "health", "--json");
    Cli.Result doctor = lifeline(db, "doctor");

    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("build ü", "FAILED", "done", "COMPLETED");
    assertThat(listJson.code()).as(listJson.err()).isZero();
    assertThat(listJson.out()).contains("\"name\" : \"build ü\"", "\"state\" : \"COMPLETED\"");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("\"actor\" : \"alice\"", "EXIT_CODE");
    assertThat(health.code()).as(health.err() + health.out()).isZero();
    assertThat(health.err()).isEmpty();
    assertThat(doctor.code()).as(doctor.err() + doctor.out()).isZero();
    assertThat(doctor.out()).contains("version 1 (this lifeline writes version 5)");
    assertThat(Checksums.sha256(db)).as("the file's bytes").isEqualTo(fileBefore);
    assertThat(Checksums.database(db)).as("the file and its log").isEqualTo(before);
  }

  @Test
  void aWriteCommandThenMigratesTheFileAndReadsGoOn() throws Exception {
    Path db = versionOneFile();

    Cli.Result submit = lifeline(db, "submit", "--name", "after", "--", "true");
    Cli.Result list = lifeline(db, "list", "--json");
    Cli.Result doctor = lifeline(db, "doctor");

    assertThat(submit.code()).as(submit.err()).isZero();
    assertThat(submit.out().strip()).isEqualTo("3");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("\"after\"", "\"build ü\"", "\"done\"");
    assertThat(doctor.out()).contains("version 5 (current)");
  }
}
