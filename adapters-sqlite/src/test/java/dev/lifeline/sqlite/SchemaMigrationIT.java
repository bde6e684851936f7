package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.PassRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file written at schema version 1 (built by the V1 script itself, with the rows a V1 Lifeline writes) migrates
 * to the latest version in place when opened with migrations, keeping every row; opened without, it is read as it is
 * (no pass record), every write is refused, and its bytes stay as they were.
 */
class SchemaMigrationIT {

  private static final Instant T = Instant.parse("2026-05-06T07:08:09.010Z");

  @TempDir
  Path dir;

  /** A version-1 file: the V1 script, the header values V1 set, two jobs, their history and a held lease. */
  private Path versionOneFile() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA journal_mode = WAL");
      st.executeUpdate("BEGIN IMMEDIATE");
      for (String sql : Migrator.statements("V1__init.sql")) {
        st.executeUpdate(sql);
      }
      st.executeUpdate("PRAGMA application_id = " + Migrator.APPLICATION_ID);
      st.executeUpdate("PRAGMA user_version = 1");
      long t = T.toEpochMilli();
      st.executeUpdate("INSERT INTO job (id, name, argv, cwd, env, priority, max_attempts, timeout, verifiers, state,"
          + " version, attempt, session, owner, exit_code, failure_reason, failure_detail, not_before,"
          + " idempotency_key, created_at, started_at, finished_at, updated_at) VALUES"
          + " (1, 'build ü', '4:make,3:all,', '/srv/a b', '4:PATH,4:/bin,', 3, 2, 'PT1H30M', "
          + "'27:7:COMMAND,6:test x,5:PT30S,,11:8:APPROVAL,,', 'FAILED', 2, 1, 'build-1-1', 'h:1', 2, 'EXIT_CODE',"
          + " 'exit 2', " + (t + 60_000) + ", 'key-1', " + t + ", " + (t + 1000) + ", " + (t + 2000) + ", "
          + (t + 2000) + "),"
          + " (2, 'queued', '4:echo,2:hi,', NULL, '', 0, 1, NULL, '', 'QUEUED', 0, 0, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL, " + (t + 5) + ", NULL, NULL, " + (t + 5) + ")");
      st.executeUpdate("INSERT INTO job_transition (job_id, attempt, from_state, to_state, event, reason, detail,"
          + " actor, at) VALUES"
          + " (1, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, 'alice', " + t + "),"
          + " (1, 1, 'QUEUED', 'PROCESSING', 'START', NULL, NULL, 'h:1', " + (t + 1000) + "),"
          + " (1, 1, 'PROCESSING', 'FAILED', 'EXITED', 'EXIT_CODE', 'exit 2', 'h:1', " + (t + 2000) + "),"
          + " (2, 0, NULL, 'QUEUED', 'SUBMIT', NULL, NULL, NULL, " + (t + 5) + ")");
      st.executeUpdate("INSERT INTO supervisor_lease (id, holder, host, pid, acquired_at, heartbeat) VALUES"
          + " (1, 'h:1', 'h', 1, " + t + ", " + (t + 3000) + ")");
      st.executeUpdate("COMMIT");
    }
    return file;
  }

  private static Job firstJob() {
    JobSpec spec = new JobSpec("build ü", List.of("make", "all"), "/srv/a b", Map.of("PATH", "/bin"), 3, 2,
        Duration.ofMinutes(90), List.of(new VerifierSpec.Command("test x", Duration.ofSeconds(30)),
            new VerifierSpec.Approval()));
    return new Job(JobId.of(1), spec, JobState.FAILED, 1, "build-1-1", "h:1", 2, FailureReason.EXIT_CODE, "exit 2",
        T.plusSeconds(60), "key-1", T, T.plusSeconds(1), T.plusSeconds(2), T.plusSeconds(2), 2);
  }

  @Test
  void aVersionOneFileMigratesInPlaceKeepingEveryJobTransitionAndTheLease() throws Exception {
    Path file = versionOneFile();
    Job first = firstJob();
    Job second = Job.queued(JobId.of(2), new JobSpec("queued", List.of("echo", "hi"), null, Map.of(), 0, 1, null,
        List.of()), null, T.plusMillis(5));

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      assertThat(store.schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion()).isEqualTo(5);
      assertThat(store.list(JobQuery.all())).containsExactly(second, first);
      assertThat(store.history(first.id())).extracting(Transition::event)
          .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED);
      assertThat(store.history(first.id()).get(0).actor()).isEqualTo("alice");
      assertThat(store.history(second.id())).hasSize(1);
      assertThat(store.leases().current()).contains(new Lease("h:1", "h", 1, T, T.plusSeconds(3)));
      assertThat(store.leases().lastPass()).as("V1 recorded no passes").isEmpty();
      assertThat(store.quickCheck()).isEqualTo("ok");

      store.leases().recordPass("h:1", T.plusSeconds(4), "tmux did not answer");
      assertThat(store.leases().lastPass()).contains(new PassRecord("h:1", T.plusSeconds(4), 1,
          "tmux did not answer"));
      assertThat(store.insert(JobSpec.builder("echo", "new").build(), null, T.plusSeconds(5)).job().id().value())
          .as("ids continue after the migrated rows").isEqualTo(3);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      assertThat(scalar(st, "PRAGMA user_version")).isEqualTo(5);
      assertThat(scalar(st, "PRAGMA application_id")).isEqualTo(Migrator.APPLICATION_ID);
      assertThat(scalar(st, "SELECT count(*) FROM job")).isEqualTo(3);
      assertThat(scalar(st, "SELECT count(*) FROM job_transition")).isEqualTo(5);
      assertThat(columns(st, "supervisor_lease")).containsExactly("id", "holder", "host", "pid", "acquired_at",
          "heartbeat", "last_pass_holder", "last_pass_at", "last_pass_failures", "last_pass_problem");
    }
  }

  @Test
  void aMigratedFileIsTheSameSchemaAsANewOne() throws Exception {
    Path migrated = versionOneFile();
    SqliteJobStore.create(migrated).close();
    Path fresh = dir.resolve("fresh.db");
    SqliteJobStore.create(fresh).close();

    try (Connection a = DriverManager.getConnection("jdbc:sqlite:" + migrated);
        Connection b = DriverManager.getConnection("jdbc:sqlite:" + fresh);
        Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      for (String table : Migrator.TABLES) {
        assertThat(columns(sa, table)).as(table).isEqualTo(columns(sb, table));
      }
      assertThat(schema(sa)).as("every table and index, as SQLite keeps them").isEqualTo(schema(sb));
    }
  }

  @Test
  void aVersionOneFileOpenedWithoutMigrationsIsReadAsItIsAndLeftByteForByteUnchanged() throws Exception {
    Path file = versionOneFile();
    String before = BadInputIT.sha256(file);
    Job first = firstJob();

    try (SqliteJobStore store = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(store.schemaVersion()).isEqualTo(1);
      assertThat(store.list(JobQuery.all())).extracting(Job::id).containsExactly(JobId.of(2), JobId.of(1));
      assertThat(store.find(first.id())).contains(first);
      assertThat(store.history(first.id())).extracting(Transition::event)
          .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED);
      assertThat(store.counts()).containsEntry(JobState.FAILED, 1L).containsEntry(JobState.QUEUED, 1L);
      assertThat(store.leases().current()).contains(new Lease("h:1", "h", 1, T, T.plusSeconds(3)));
      assertThat(store.leases().lastPass()).as("V1 has no pass record").isEmpty();
      assertThat(store.quickCheck()).isEqualTo("ok");
    }

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      assertThat(scalar(st, "PRAGMA user_version")).isEqualTo(1);
      assertThat(columns(st, "supervisor_lease")).doesNotContain("last_pass_holder");
    }
  }

  @Test
  void aVersionOneFileOpenedWithoutMigrationsRefusesEveryWriteInOneSentenceAndStaysUnchanged() throws Exception {
    Path file = versionOneFile();
    String before = BadInputIT.sha256(file);
    String sentence = file + " has schema version 1, older than the version 5 this Lifeline writes; it was opened to"
        + " read only, so open it once with migrations enabled to write to it.";

    try (SqliteJobStore store = SqliteJobStore.builder(file).migrate(false).build()) {
      List<Runnable> writes = List.of(
          () -> store.insert(JobSpec.builder("echo", "new").build(), null, T.plusSeconds(5)),
          () -> store.leases().recordPass("h:1", T.plusSeconds(4), null),
          () -> store.leases().heartbeat("h:1", T.plusSeconds(4)),
          () -> store.leases().release("h:1"));
      for (Runnable write : writes) {
        StoreException e = catchThrowableOfType(StoreException.class, write::run);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(StoreException.Kind.OTHER);
        assertThat(e.getMessage()).isEqualTo(sentence);
      }
      assertThat(store.list(JobQuery.all())).hasSize(2);
    }
    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aVersionOneFileLackingOneOfItsOwnColumnsIsStillRefusedWithoutMigrations() throws Exception {
    Path file = versionOneFile();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("ALTER TABLE supervisor_lease DROP COLUMN heartbeat");
    }
    String before = BadInputIT.sha256(file);

    StoreException e = catchThrowableOfType(StoreException.class,
        () -> SqliteJobStore.builder(file).migrate(false).build());

    assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT);
    assertThat(e.getMessage()).isEqualTo(file + " lacks the column supervisor_lease.heartbeat that schema version 1"
        + " has; restore a backup.");
    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aFileFromANewerLifelineIsStillRefusedWithoutMigrations() throws Exception {
    Path file = versionOneFile();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA user_version = 6");
    }
    String before = BadInputIT.sha256(file);

    StoreException e = catchThrowableOfType(StoreException.class,
        () -> SqliteJobStore.builder(file).migrate(false).build());

    assertThat(e.kind()).isEqualTo(StoreException.Kind.SCHEMA_TOO_NEW);
    assertThat(e.getMessage()).isEqualTo(file + " has schema version 6, newer than this Lifeline understands (5);"
        + " use a newer Lifeline.");
    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  /**
   * A file the 0.1 release (schema version 3, commit c2a0e34) wrote through its own CLI: a job that failed both its
   * attempts (name with HTML and emoji, env, cwd, timeout), one completed after a verify command, one cancelled, one
   * QUEUED with an idempotency key; checkpointed, so the file holds every row.
   */
  private Path releaseFile() throws Exception {
    Path file = dir.resolve("release-v3.db");
    try (var in = SchemaMigrationIT.class.getResourceAsStream("release-v3.db")) {
      Files.copy(in, file);
    }
    return file;
  }

  /** Every value of every row of the version-3 tables, in id order, as one SHA-256 (content, not file bytes). */
  private static String contentChecksum(Path file) throws Exception {
    return contentChecksum(file, 3);
  }

  /**
   * Every value of every row of the tables and columns schema {@code version} has, in key order, as one SHA-256
   * (content, not file bytes).
   */
  private static String contentChecksum(Path file, int version) throws Exception {
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      for (String table : Migrator.TABLES.stream().filter(t -> Migrator.TABLE_SINCE.get(t) <= version).toList()) {
        List<String> v3 = Migrator.LATEST_COLUMNS.get(table).stream()
            .filter(col -> Migrator.since(table + "." + col) <= version).toList();
        try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", v3) + " FROM " + table + " ORDER BY "
            + String.join(", ", v3))) {
          while (rs.next()) {
            for (int i = 1; i <= v3.size(); i++) {
              Object v = rs.getObject(i);
              md.update((table + "." + v3.get(i - 1) + "=" + (v == null ? "NULL" : v.getClass().getSimpleName() + ":"
                  + v) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  @Test
  void aFileTheSchemaThreeReleaseWroteMigratesToTheLatestKeepingEveryValueOfEveryRow() throws Exception {
    Path file = releaseFile();
    String before = contentChecksum(file);
    List<Job> asReadBefore;
    try (SqliteJobStore old = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(old.schemaVersion()).isEqualTo(3);
      asReadBefore = old.list(JobQuery.all());
      assertThat(asReadBefore).extracting(Job::state).containsExactly(JobState.QUEUED, JobState.FAILED,
          JobState.COMPLETED, JobState.FAILED);
      assertThat(asReadBefore).allSatisfy(j -> {
        assertThat(j.spec().group()).isEqualTo(JobSpec.DEFAULT_GROUP);
        assertThat(j.spec().after()).isEmpty();
        assertThat(j.held()).isFalse();
      });
      assertThat(old.dependents(JobId.of(1))).isEmpty();
      assertThat(old.listAbandonable(10, row -> { })).isEmpty();
    }
    assertThat(contentChecksum(file)).as("a read-only open changes nothing").isEqualTo(before);

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      assertThat(store.schemaVersion()).isEqualTo(5);
      assertThat(store.list(JobQuery.all())).as("the jobs read the same after the migration")
          .containsExactlyElementsOf(asReadBefore);
      assertThat(store.quickCheck()).isEqualTo("ok");
    }
    assertThat(contentChecksum(file)).as("every value of every version-3 column is as it was").isEqualTo(before);

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      Job queued = store.find(JobId.of(4)).orElseThrow();
      Job held = queued.toBuilder().held(true).version(queued.version() + 1).updatedAt(T).build();
      assertThat(store.compareAndSet(queued, held, new Transition(queued.id(), 0, JobState.QUEUED, JobState.QUEUED,
          JobEvent.HOLD, null, null, "ops", T))).as("a HOLD row passes the rebuilt CHECK").isTrue();
      Job after = store.insert(JobSpec.builder("echo").after(JobId.of(1), JobId.of(2)).build(), null, T).job();
      assertThat(after.id().value()).as("ids continue after the migrated rows").isEqualTo(5);
      assertThat(store.dependents(JobId.of(1))).containsExactly(after.id());
      assertThat(store.listAbandonable(10, row -> { })).extracting(Job::id)
          .as("job 1 failed both of its attempts: the job waiting for it can never start").containsExactly(after.id());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      assertThat(scalar(st, "PRAGMA foreign_keys")).isZero();
      assertThat(scalar(st, "SELECT count(*) FROM pragma_foreign_key_check")).isZero();
      assertThat(scalar(st, "SELECT count(*) FROM job WHERE group_name <> 'default' OR first_not_before IS NOT NULL"))
          .isZero();
    }
  }

  /**
   * A file the workflow release (schema version 4, commit ad4d6fa) wrote through its own CLI: a job in group
   * {@code builds} (name with HTML and emoji, env, timeout) that completed, one after it that failed both attempts,
   * one waiting for both (idempotency key) that was abandoned with DEPENDENCY_FAILED, one with a first start in 2030,
   * one held; the group's limit set, paused and resumed, a drain and its end; checkpointed.
   */
  private Path releaseFourFile() throws Exception {
    Path file = dir.resolve("release-v4.db");
    try (var in = SchemaMigrationIT.class.getResourceAsStream("release-v4.db")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void aFileTheSchemaFourReleaseWroteMigratesToFiveKeepingEveryValueOfEveryRow() throws Exception {
    Path file = releaseFourFile();
    String before = contentChecksum(file, 4);
    List<Job> asReadBefore;
    List<dev.lifeline.GroupSettings> groupsBefore;
    try (SqliteJobStore old = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(old.schemaVersion()).isEqualTo(4);
      asReadBefore = old.list(JobQuery.all());
      groupsBefore = old.controls().groups();
      assertThat(asReadBefore).extracting(Job::state).containsExactly(JobState.QUEUED, JobState.QUEUED,
          JobState.FAILED, JobState.FAILED, JobState.COMPLETED);
      assertThat(asReadBefore).allSatisfy(j -> assertThat(j.spec().hooks()).isEmpty());
      assertThat(asReadBefore.get(2).failureReason()).isEqualTo(FailureReason.DEPENDENCY_FAILED);
      assertThat(old.outbox().hooks()).isEmpty();
      assertThat(old.outbox().forJob(JobId.of(1))).isEmpty();
      assertThat(old.outbox().counts()).isEqualTo(new dev.lifeline.spi.OutboxStore.Counts(0, 0));
    }
    assertThat(contentChecksum(file, 4)).as("a read-only open changes nothing").isEqualTo(before);

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      assertThat(store.schemaVersion()).isEqualTo(5);
      assertThat(store.list(JobQuery.all())).as("the jobs read the same after the migration")
          .containsExactlyElementsOf(asReadBefore);
      assertThat(store.controls().groups()).isEqualTo(groupsBefore);
      assertThat(store.controls().changes(10)).hasSize(5);
      assertThat(store.dependents(JobId.of(1))).containsExactly(JobId.of(2), JobId.of(3));
      assertThat(store.quickCheck()).isEqualTo("ok");
    }
    assertThat(contentChecksum(file, 4)).as("every value of every version-4 column is as it was").isEqualTo(before);

    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      dev.lifeline.Hook hook = store.outbox().addHook(dev.lifeline.HookTrigger.FINISH, "builds",
          dev.lifeline.HookTarget.command("notify"), "ops", T);
      Job queued = store.find(JobId.of(4)).orElseThrow();
      Job cancelled = queued.toBuilder().state(JobState.FAILED).failureReason(FailureReason.CANCELLED)
          .finishedAt(T).updatedAt(T).version(queued.version() + 1).build();
      assertThat(store.compareAndSet(queued, cancelled, new Transition(queued.id(), 0, JobState.QUEUED,
          JobState.FAILED, JobEvent.CANCEL, FailureReason.CANCELLED, null, "ops", T))).isTrue();
      assertThat(store.outbox().forJob(queued.id())).as("job 4 is in the default group, not builds").isEmpty();
      Job next = store.insert(JobSpec.builder("echo").group("builds")
          .onFinish(dev.lifeline.HookTarget.webhook("http://127.0.0.1:9/x")).build(), null, T).job();
      assertThat(next.id().value()).as("ids continue after the migrated rows").isEqualTo(6);
      assertThat(store.find(next.id()).orElseThrow().spec().hooks()).hasSize(1);
      assertThat(hook.id()).isEqualTo(1);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      assertThat(scalar(st, "SELECT count(*) FROM job WHERE hooks <> ''")).isEqualTo(1);
      assertThat(scalar(st, "SELECT count(*) FROM pragma_foreign_key_check")).isZero();
    }
  }

  /** The schema as SQLite keeps it: each table's and index's name and SQL, with the rebuild's quoting removed. */
  private static List<String> schema(Statement st) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        + "ORDER BY type, name")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3).replace("\"", "")
            .replaceAll("_v4\\b", "").replaceAll("\\s+", " "));
      }
    }
    return out;
  }

  private static int scalar(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : -1;
    }
  }

  private static List<String> columns(Statement st, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    }
    return out;
  }
}
