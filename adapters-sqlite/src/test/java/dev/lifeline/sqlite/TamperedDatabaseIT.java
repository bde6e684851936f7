package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lifeline.JobSpec;
import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import dev.lifeline.spi.JobQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database files changed or replaced behind Lifeline's back (issue 11, family 4), each opened both ways (with and
 * without migrations): one sentence as a {@link StoreException}, no byte written, no file created, nothing blocks.
 * A read of a too-new or broken file never migrates or creates.
 */
class TamperedDatabaseIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration NO_BLOCKING = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  /** Opens {@code file} with and without migrations; each must fail with {@code kind} and {@code message}. */
  private static void refusedBothWays(Path file, Kind kind, String message) {
    for (boolean migrate : new boolean[] {true, false}) {
      StoreException e = assertTimeoutPreemptively(NO_BLOCKING, () -> catchThrowableOfType(StoreException.class,
          () -> SqliteJobStore.builder(file).migrate(migrate).build().close()));
      assertThat(e).as("migrate(%s)", migrate).isNotNull();
      assertThat(e.kind()).as("migrate(%s)", migrate).isEqualTo(kind);
      assertThat(e.getMessage()).as("migrate(%s)", migrate).isEqualTo(message);
    }
  }

  private static void sql(Path file, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.executeUpdate(s);
      }
    }
  }

  @Test
  void aNegativeSchemaVersionIsRefused() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "negative.db", 2);
    sql(file, "PRAGMA user_version = -1");
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " has schema version -1, which no Lifeline writes; restore a backup.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aSchemaVersionOfZeroOnLifelinesTablesIsRefused() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "zero.db", 2);
    sql(file, "PRAGMA user_version = 0");
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " holds Lifeline's tables but says schema version 0; restore a "
        + "backup.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aTooNewSchemaVersionIsRefusedEvenByAReadAndNeverMigrated() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "future.db", 2);
    sql(file, "PRAGMA user_version = " + (SqliteJobStore.latestSchemaVersion() + 1));
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.SCHEMA_TOO_NEW, file + " has schema version " + (SqliteJobStore.latestSchemaVersion()
        + 1) + ", newer than this Lifeline understands (" + SqliteJobStore.latestSchemaVersion() + "); use a newer "
        + "Lifeline.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aDatabaseMissingATableIsRefused() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "no-history.db", 2);
    sql(file, "DROP TABLE job_transition");
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " lacks the table job_transition that schema version "
        + SqliteJobStore.latestSchemaVersion() + " has; restore a backup.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aDatabaseMissingAColumnOfItsVersionIsRefused() throws Exception {
    Path file = dir.resolve("half-migrated.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      for (String s : Migrator.statements("V1__init.sql")) {
        st.executeUpdate(s);
      }
      st.executeUpdate("PRAGMA application_id = " + Migrator.APPLICATION_ID);
      st.executeUpdate("PRAGMA user_version = 2"); // says V2 without V2's columns
    }
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " lacks the column supervisor_lease.last_pass_holder that schema "
        + "version 2 has; restore a backup.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aPlantedTriggerIsRefusedBeforeAnyWriteCouldFireIt() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "trigger.db", 2);
    sql(file, "CREATE TRIGGER sneaky AFTER UPDATE ON job BEGIN DELETE FROM job_transition; END");
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " has a trigger Lifeline did not create (sneaky), which would change "
        + "rows behind its back; remove it or restore a backup.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void junkInTheWalOrShmBesideTheFileIsDiscardedBySqliteAndEveryRowStillReads() throws Exception {
    for (String suffix : List.of("-wal", "-shm")) {
      for (boolean migrate : new boolean[] {false, true}) {
        Path file = BadInputIT.lifelineDb(dir, "junk" + suffix + migrate + ".db", 3);
        Files.writeString(Path.of(file + suffix), "not a WAL, not a shared-memory index ".repeat(500));

        try (SqliteJobStore store = SqliteJobStore.builder(file).migrate(migrate).build()) {
          assertThat(store.list(JobQuery.all())).as("%s, migrate(%s)", suffix, migrate).hasSize(3);
        }
      }
    }
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedEitherWay() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "SQLite format 3 is what this line pretends to be, but it is text\n".repeat(100));
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.CORRUPT, file + " is damaged or not a Lifeline database; restore a backup or run "
        + "`sqlite3 " + file + " .recover`.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
    assertThat(Path.of(file + "-wal")).doesNotExist();
  }

  @Test
  void aDirectoryAtTheDatabasePathIsRefusedAndLeftEmpty() throws Exception {
    Path file = Files.createDirectory(dir.resolve("jobs.db"));

    refusedBothWays(file, Kind.ACCESS, "cannot open " + file + ": it is a directory, not a database file.");

    try (var entries = Files.list(file)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void aNamedPipeAtTheDatabasePathIsRefusedWithoutBlocking() throws Exception {
    Path fifo = mkfifo(dir.resolve("pipe.db"));

    refusedBothWays(fifo, Kind.ACCESS, "cannot open " + fifo + ": it is a named pipe (FIFO), not a database file.");

    assertThat(Path.of(fifo + "-wal")).doesNotExist();
  }

  @Test
  void aNamedPipeWhereSqliteKeepsItsWalIsRefusedWithoutBlocking() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "wal-pipe.db", 1);
    Path wal = mkfifo(Path.of(file + "-wal"));
    String before = BadInputIT.sha256(file);

    refusedBothWays(file, Kind.ACCESS, "cannot open " + file + ": " + wal + " is a named pipe (FIFO), not the file "
        + "SQLite keeps there; remove it if it is not yours.");

    assertThat(BadInputIT.sha256(file)).isEqualTo(before);
  }

  @Test
  void aSymbolicLinkPlantedWhereSqliteKeepsItsWalIsRefusedAndItsTargetUntouched() throws Exception {
    Path file = BadInputIT.lifelineDb(dir, "wal-link.db", 1);
    Path elsewhere = Files.writeString(dir.resolve("precious.txt"), "keep me");
    Path wal = Files.createSymbolicLink(Path.of(file + "-wal"), elsewhere);

    refusedBothWays(file, Kind.ACCESS, "cannot open " + file + ": " + wal + " is a symbolic link, not the file "
        + "SQLite keeps there; remove it if it is not yours.");

    assertThat(Files.readString(elsewhere)).isEqualTo("keep me");
  }

  @Test
  void aDanglingSymbolicLinkIsRefusedAndItsTargetIsNotCreated() throws Exception {
    Path target = dir.resolve("nowhere.db");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), target);

    refusedBothWays(link, Kind.ACCESS, "cannot open " + link + ": it is a symbolic link to " + target
        + " that leads to no file.");

    assertThat(target).doesNotExist();
  }

  @Test
  void aSymbolicLinkLoopIsRefused() throws Exception {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);

    refusedBothWays(a, Kind.ACCESS, "cannot open " + a + ": it is a symbolic link to " + b
        + " that leads to no file.");
  }

  @Test
  void anEmptyFileIsRefusedByAReadAndLeftEmptyButAWriterInitialisesIt() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));

    StoreException e = catchThrowableOfType(StoreException.class,
        () -> SqliteJobStore.builder(empty).migrate(false).build());

    assertThat(e.getMessage()).isEqualTo(empty + " is empty, not yet a Lifeline database; open it once with "
        + "migrations enabled.");
    assertThat(Files.size(empty)).isZero();
    assertThat(Path.of(empty + "-wal")).doesNotExist();
    try (SqliteJobStore store = SqliteJobStore.create(empty)) {
      store.insert(JobSpec.builder("true").build(), null, T);
      assertThat(store.schemaVersion()).isEqualTo(SqliteJobStore.latestSchemaVersion());
    }
  }

  @Test
  void aPathWhoseNameLooksLikeUrlParametersOpensExactlyThatFile() throws Exception {
    for (String name : List.of("jobs.db?journal_mode=DELETE", "jobs.db#frag", "jobs%41.db", "a b ?x=1#y%.db")) {
      Path file = dir.resolve(name);

      try (SqliteJobStore store = SqliteJobStore.create(file)) {
        store.insert(JobSpec.builder("true").build(), null, T);
        assertThat(store.realPath()).isEqualTo(file.toRealPath());
      }

      assertThat(file).as(name).isRegularFile();
      try (SqliteJobStore again = SqliteJobStore.builder(file).migrate(false).build()) {
        assertThat(again.list(JobQuery.all())).as(name).hasSize(1);
      }
    }
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm")))
          .as("no other file was opened instead")
          .containsExactlyInAnyOrder("jobs.db?journal_mode=DELETE", "jobs.db#frag", "jobs%41.db", "a b ?x=1#y%.db");
    }
  }

  private static Path mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    boolean done = p.waitFor(30, TimeUnit.SECONDS);
    Assumptions.assumeTrue(done && p.exitValue() == 0, "mkfifo is needed to make a named pipe here");
    return path;
  }
}
