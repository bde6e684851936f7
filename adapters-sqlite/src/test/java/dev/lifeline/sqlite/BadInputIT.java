package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.JobSpec;
import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import dev.lifeline.spi.JobQuery;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Files the store cannot use: each gives its {@link StoreException} kind and a one-sentence message naming the
 * file, and leaves the file's bytes as they were.
 *
 * <p>Tests run as root on the build machines, where file modes do not stop anyone. There, "read-only" is made with
 * the immutable attribute ({@code chattr +i}), which stops root too; elsewhere with {@code chmod}. When neither
 * works the test is skipped with a message saying so.
 */
class BadInputIT {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;

  Path lifelineDb(String name, int jobs) {
    return lifelineDb(dir, name, jobs);
  }

  /** A closed Lifeline database {@code name} in {@code dir} holding {@code jobs} QUEUED jobs, its WAL folded in. */
  static Path lifelineDb(Path dir, String name, int jobs) {
    Path file = dir.resolve(name);
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      for (int i = 0; i < jobs; i++) {
        store.insert(JobSpec.builder("echo", "job " + i).name("job " + i).build(), null, T);
      }
    }
    assertThat(Path.of(file + "-wal")).as("a clean close folds the WAL into the file").doesNotExist();
    return file;
  }

  @Test
  void aDamagedFileIsReportedAsCorruptAndLeftAsItWas() throws Exception {
    Path file = lifelineDb("damaged.db", 300);
    // Keep the header and the schema (which spans more than page 1), overwrite the root page of every table and index.
    List<Integer> roots = new java.util.ArrayList<>();
    int pageSize;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")) {
        while (rs.next()) {
          roots.add(rs.getInt(1));
        }
      }
      try (java.sql.ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.next() ? rs.getInt(1) : 4096;
      }
    }
    assertThat(roots).hasSizeGreaterThan(5);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] junk = new byte[pageSize];
      java.util.Arrays.fill(junk, (byte) 0x5A);
      for (int root : roots) {
        raf.seek((long) (root - 1) * pageSize);
        raf.write(junk);
      }
    }
    String before = sha256(file);

    StoreException e = catchThrowableOfType(StoreException.class, () -> {
      try (SqliteJobStore store = SqliteJobStore.create(file)) {
        store.list(JobQuery.all());
      }
    });

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(e.getMessage()).isEqualTo(file + " is damaged or not a Lifeline database; restore a backup or run "
        + "`sqlite3 " + file + " .recover`.");
    try (SqliteJobStore store = SqliteJobStore.builder(file).migrate(false).build()) {
      assertThat(store.quickCheck()).isNotEqualTo("ok");
    }
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aTextFileIsNotADatabaseAndIsLeftAsItWas() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "these are my notes, not a database\n".repeat(200));
    String before = sha256(file);

    StoreException e = catchThrowableOfType(StoreException.class, () -> SqliteJobStore.create(file));

    assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(e.getMessage()).startsWith(file + " is damaged or not a Lifeline database");
    assertThat(sha256(file)).isEqualTo(before);
    assertThat(dir.resolve("notes.txt-wal")).doesNotExist();
  }

  @Test
  void someoneElsesDatabaseIsRefusedAndLeftAsItWas() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    String before = sha256(file);

    StoreException e = catchThrowableOfType(StoreException.class, () -> SqliteJobStore.create(file));

    assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(e.getMessage()).isEqualTo(file + " is not a Lifeline database (it holds other data); choose "
        + "another file.");
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aSchemaNewerThanThisProgramIsRefusedAndLeftAsItWas() throws Exception {
    Path file = lifelineDb("future.db", 3);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA user_version = 7");
    }
    String before = sha256(file);

    for (boolean migrate : new boolean[] {true, false}) {
      StoreException e = catchThrowableOfType(StoreException.class,
          () -> SqliteJobStore.builder(file).migrate(migrate).build());

      assertThat(e.kind()).isEqualTo(Kind.SCHEMA_TOO_NEW);
      assertThat(e.getMessage()).isEqualTo(file + " has schema version 7, newer than this Lifeline understands ("
          + SqliteJobStore.latestSchemaVersion() + "); use a newer Lifeline.");
    }
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void withoutMigrationsAMissingFileOrAnOlderSchemaIsRefusedAndNothingIsCreated() throws Exception {
    Path missing = dir.resolve("missing.db");
    StoreException e = catchThrowableOfType(StoreException.class,
        () -> SqliteJobStore.builder(missing).migrate(false).build());
    assertThat(e.getMessage()).isEqualTo(missing + " does not exist.");
    assertThat(missing).doesNotExist();

    Path empty = Files.createFile(dir.resolve("empty.db"));
    e = catchThrowableOfType(StoreException.class, () -> SqliteJobStore.builder(empty).migrate(false).build());
    assertThat(e.getMessage()).isEqualTo(empty + " is empty, not yet a Lifeline database; open it once with "
        + "migrations enabled.");
    assertThat(Files.size(empty)).isZero();
  }

  @Test
  void aReadOnlyFileCanBeReadButAWriteSaysToCheckPermissionsAndChangesNothing() throws Exception {
    Path file = lifelineDb("readonly.db", 3);
    String before = sha256(file);
    try (ReadOnly ro = ReadOnly.make(file)) {
      try (SqliteJobStore store = SqliteJobStore.create(file)) {
        assertThat(store.list(JobQuery.all())).hasSize(3);

        assertThatThrownBy(() -> store.insert(JobSpec.builder("x").build(), null, T))
            .isInstanceOfSatisfying(StoreException.class, s -> assertThat(s.kind()).isEqualTo(Kind.ACCESS))
            .hasMessage("cannot write " + file + "; check the permissions of the file and its directory.");
      }
    }
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aFileOpenedReadOnlyThroughADataSourceRefusesWritesWithTheSameMessage() throws Exception {
    Path file = lifelineDb("ro-url.db", 2);
    String before = sha256(file);
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setReadOnly(true);
    org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(cfg);
    ds.setUrl("jdbc:sqlite:" + file);

    try (SqliteJobStore store = SqliteJobStore.create(ds)) {
      assertThat(store.list(JobQuery.all())).hasSize(2);
      assertThatThrownBy(() -> store.insert(JobSpec.builder("x").build(), null, T))
          .isInstanceOfSatisfying(StoreException.class, s -> assertThat(s.kind()).isEqualTo(Kind.ACCESS))
          .hasMessage("cannot write " + file + "; check the permissions of the file and its directory.");
    }
    assertThat(sha256(file)).isEqualTo(before);
  }

  @Test
  void aReadOnlyDirectorySaysToCheckPermissionsForAnExistingOrANewFile() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("locked-dir"));
    Path file = sub.resolve("in-dir.db");
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      store.insert(JobSpec.builder("x").build(), null, T);
    }
    String before = sha256(file);
    Path fresh = sub.resolve("new.db");
    try (ReadOnly ro = ReadOnly.make(sub)) {
      StoreException existing = catchThrowableOfType(StoreException.class, () -> {
        try (SqliteJobStore store = SqliteJobStore.create(file)) {
          store.insert(JobSpec.builder("y").build(), null, T);
        }
      });
      assertThat(existing.kind()).isEqualTo(Kind.ACCESS);
      assertThat(existing.getMessage()).contains(file.toString())
          .endsWith("; check the permissions of the file and its directory.");

      StoreException created = catchThrowableOfType(StoreException.class, () -> SqliteJobStore.create(fresh));
      assertThat(created.kind()).isEqualTo(Kind.ACCESS);
      assertThat(created.getMessage()).startsWith("cannot create " + fresh).contains("permissions of its directory");
    }
    assertThat(sha256(file)).isEqualTo(before);
    assertThat(fresh).doesNotExist();
  }

  @Test
  void aLockedDatabaseSaysHowLongItWaitedAndChangesNothing() throws Exception {
    Path file = lifelineDb("locked.db", 2);
    try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = locker.createStatement()) {
      st.executeUpdate("BEGIN EXCLUSIVE");
      try (SqliteJobStore store = SqliteJobStore.builder(file).busyTimeout(Duration.ofMillis(300)).build()) {
        assertThat(store.list(JobQuery.all())).as("WAL readers are not blocked by a writer").hasSize(2);

        StoreException e = catchThrowableOfType(StoreException.class,
            () -> store.insert(JobSpec.builder("x").build(), null, T));

        assertThat(e.kind()).isEqualTo(Kind.BUSY);
        assertThat(e.getMessage()).matches(java.util.regex.Pattern.quote(file.toString())
            + " is locked by another process; waited \\d+\\.\\d s\\.");
      }
      st.executeUpdate("ROLLBACK");
    }
    try (SqliteJobStore store = SqliteJobStore.create(file)) {
      assertThat(store.list(JobQuery.all())).as("the refused insert wrote nothing").hasSize(2);
    }
  }

  @Test
  void aDatabaseLockedInRollbackJournalModeIsReportedBusyWhenOpening() throws Exception {
    Path file = lifelineDb("locked-delete.db", 1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA journal_mode = DELETE");
    }
    String before = sha256(file);
    try (Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = locker.createStatement()) {
      st.executeUpdate("BEGIN EXCLUSIVE");

      StoreException e = catchThrowableOfType(StoreException.class,
          () -> SqliteJobStore.builder(file).busyTimeout(Duration.ofMillis(200)).build());

      assertThat(e.kind()).isEqualTo(Kind.BUSY);
      assertThat(e.getMessage()).startsWith(file + " is locked by another process; waited ");
      st.executeUpdate("ROLLBACK");
    }
    assertThat(sha256(file)).isEqualTo(before);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** Makes a file or directory unwritable for this process, root included; undone on close. */
  private static final class ReadOnly implements AutoCloseable {
    private final Path path;
    private final boolean immutable;
    private final String mode;

    private ReadOnly(Path path, boolean immutable, String mode) {
      this.path = path;
      this.immutable = immutable;
      this.mode = mode;
    }

    static ReadOnly make(Path path) throws Exception {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
      if (!isRoot()) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
            Files.isDirectory(path) ? "r-x------" : "r--------"));
        return new ReadOnly(path, false, mode);
      }
      int rc = run("chattr", "+i", path.toString());
      Assumptions.assumeTrue(rc == 0, "running as root, where file modes do not stop writes, and `chattr +i "
          + path + "` failed (exit " + rc + "): the read-only case cannot be made honestly here");
      return new ReadOnly(path, true, mode);
    }

    private static boolean isRoot() throws IOException {
      return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).trim());
    }

    private static int run(String... cmd) throws Exception {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    }

    @Override
    public void close() throws Exception {
      if (immutable) {
        assertThat(run("chattr", "-i", path.toString())).as("chattr -i " + path).isZero();
      } else {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
      }
    }
  }
}
