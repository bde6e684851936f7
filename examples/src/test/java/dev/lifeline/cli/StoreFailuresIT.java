package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad database files through the CLI: each is exit 5 with one sentence on stderr, and the file's bytes are the same
 * afterwards. Real SQLite files; the read-only cases run the CLI as an unprivileged user.
 */
class StoreFailuresIT {

  @TempDir
  Path dir;

  private Path databaseWithJobs(String name, int jobs) {
    Path db = dir.resolve(name);
    for (int i = 0; i < jobs; i++) {
      Cli.Result r = RealCli.run("--db", db.toString(), "submit", "--name", "job " + i, "--", "echo", "x".repeat(200));
      assertThat(r.code()).as(r.err()).isZero();
    }
    return db;
  }

  /** Every command given must exit 5 with one sentence naming the problem, and leave the file unchanged. */
  private void assertRefusedUnchanged(Path db, String mustMention, List<List<String>> commands) {
    String before = Checksums.database(db);
    for (List<String> command : commands) {
      String[] args = concat(new String[] {"--db", db.toString()}, command.toArray(new String[0]));
      Cli.Result r = RealCli.run(args);
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCodes.STORE);
      assertThat(r.err().strip().lines()).as(command + ": " + r.err()).hasSize(1);
      assertThat(r.err().toLowerCase()).as(command.toString()).contains(mustMention);
      assertThat(r.out()).isEmpty();
      assertThat(Checksums.database(db)).as(command + " changed the file").isEqualTo(before);
    }
  }

  private static final List<List<String>> READS_AND_WRITES = List.of(List.of("list"), List.of("show", "1"),
      List.of("health"), List.of("submit", "--", "true"), List.of("cancel", "1"));

  @Test
  void aTextFileIsRefusedAndLeftAlone() throws Exception {
    Path text = dir.resolve("notes.db");
    Files.writeString(text, "Dear diary, today I did not make a database.\n".repeat(500));

    assertRefusedUnchanged(text, "not a", READS_AND_WRITES);
  }

  @Test
  void aCorruptDatabaseIsRefusedAndLeftAlone() throws Exception {
    Path db = databaseWithJobs("corrupt.db", 60);
    long size = Files.size(db);
    assertThat(size).isGreaterThan(3 * 4096);
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      byte[] garbage = new byte[(int) size - 4096];
      Arrays.fill(garbage, (byte) 0x5a);
      f.seek(4096);
      f.write(garbage);
    }

    assertRefusedUnchanged(db, "corrupt", List.of(List.of("list"), List.of("show", "1"), List.of("submit", "--",
        "true")));
  }

  @Test
  void aDatabaseFromANewerLifelineIsRefusedAndLeftAlone() throws Exception {
    Path db = databaseWithJobs("newer.db", 2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 999");
    }

    assertRefusedUnchanged(db, "newer", READS_AND_WRITES);
  }

  @Test
  void aMissingDatabaseIsExitFiveForReadsAndIsNotCreated() {
    Path db = dir.resolve("typo.db");
    for (List<String> read : List.of(List.of("list"), List.of("show", "1"), List.of("health"), List.of("logs", "1"))) {
      String[] args = concat(new String[] {"--db", db.toString()}, read.toArray(new String[0]));
      Cli.Result r = RealCli.run(args);
      assertThat(r.code()).as(read.toString()).isEqualTo(ExitCodes.STORE);
      assertThat(r.err().strip()).isEqualTo("There is no Lifeline database at " + db
          + " (check --db or LIFELINE_DB; lifeline submit creates one).");
    }
    assertThat(db).doesNotExist();
  }

  @Test
  void aDatabaseLockedByAnotherWriterRefusesWritesAfterWaitingAndStillServesReads() throws Exception {
    Path db = databaseWithJobs("locked.db", 1);
    String before = Checksums.database(db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");

      Cli.Result write = RealCli.run("--db", db.toString(), "submit", "--", "true");
      Cli.Result read = RealCli.run("--db", db.toString(), "list");

      assertThat(write.code()).as(write.err()).isEqualTo(ExitCodes.STORE);
      assertThat(write.err().strip().lines()).hasSize(1);
      assertThat(write.err().toLowerCase()).containsAnyOf("locked", "busy");
      assertThat(read.code()).as(read.err()).isZero();
      assertThat(read.out()).contains("job 0");
      s.execute("ROLLBACK");
    }
    assertThat(Checksums.database(db)).isEqualTo(before);
  }

  @Test
  void aReadOnlyFileRefusesWritesWithExitFiveAndIsLeftAlone() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("rofile"));
    Path db = Files.copy(databaseWithJobs("ro.db", 2), sub.resolve("ro.db"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    String before = Checksums.database(db);

    Proc.Result write = RealCli.runUnprivileged(sub, "--db", db.toString(), "submit", "--", "true");
    Proc.Result cancel = RealCli.runUnprivileged(sub, "--db", db.toString(), "cancel", "1");

    assertThat(write.code()).as(write.toString()).isEqualTo(ExitCodes.STORE);
    assertThat(write.err().strip().lines()).as(write.toString()).hasSize(1);
    assertThat(write.err()).contains(db.toString());
    assertThat(cancel.code()).as(cancel.toString()).isEqualTo(ExitCodes.STORE);
    assertThat(Checksums.database(db)).isEqualTo(before);
  }

  @Test
  void aReadOnlyDirectoryRefusesWritesWithExitFiveAndIsLeftAlone() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("rodir"));
    Path db = Files.copy(databaseWithJobs("rod.db", 2), sub.resolve("rod.db"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
    String before = Checksums.database(db);

    Proc.Result write = RealCli.runUnprivileged(sub, "--db", db.toString(), "submit", "--", "true");

    assertThat(write.code()).as(write.toString()).isEqualTo(ExitCodes.STORE);
    assertThat(write.err().strip().lines()).as(write.toString()).hasSize(1);
    assertThat(Checksums.database(db)).isEqualTo(before);
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
