package dev.lifeline.sqlite;

import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * Opens a {@link Database}: creates a missing file with owner-only permissions, validates what an existing file
 * holds before anything writes to it (not SQLite, someone else's, too new, too old), then switches it to WAL and
 * applies the missing migrations. Stateless and thread-safe.
 */
final class Opener {

  private Opener() {}

  static Database open(Path path, Duration busyTimeout, SqliteJobStore.Synchronous synchronous, boolean migrate) {
    Path file = DatabaseFile.resolve(path, migrate);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      createOwnerOnly(file);
      if (!DatabaseFile.resolve(file, false).equals(file)) {
        throw new StoreException(Kind.ACCESS, "cannot create " + file + ": something else appeared there while it "
            + "was being created.", null);
      }
    }
    SqliteFailures failures = new SqliteFailures(file.toString());
    return open(new FileSource(file, busyTimeout, synchronous), file, failures, busyTimeout, false, migrate);
  }

  static Database open(DataSource dataSource) {
    SqliteFailures unnamed = new SqliteFailures("the SQLite database");
    long start = System.nanoTime();
    Connection first = null;
    try {
      first = dataSource.getConnection();
      String product = first.getMetaData().getDatabaseProductName();
      if (!"SQLite".equalsIgnoreCase(product)) {
        throw new IllegalArgumentException("SqliteJobStore needs a SQLite DataSource, not " + product);
      }
      first.setAutoCommit(true);
      String file = mainFile(first);
      boolean memory = file == null || file.isEmpty();
      SqliteFailures failures = new SqliteFailures(memory ? "the in-memory SQLite database" : file);
      if (!memory) {
        try (Statement st = first.createStatement()) {
          st.executeUpdate("PRAGMA query_only = 1");
        }
      }
      Duration busy = Duration.ofMillis(Database.intPragma(first, "busy_timeout"));
      Connection reader = first;
      first = null;
      return open(new DataSourceSource(dataSource), memory ? null : realPathOf(Path.of(file)), failures, busy,
          reader, memory, true);
    } catch (SQLException e) {
      Database.closeQuietly(first);
      throw unnamed.map(e, start);
    } catch (RuntimeException e) {
      Database.closeQuietly(first);
      throw e;
    }
  }

  private static Database open(Database.Source source, Path file, SqliteFailures failures, Duration busy,
      boolean shared, boolean migrate) {
    long start = System.nanoTime();
    Connection reader;
    try {
      reader = source.open(!shared);
    } catch (SQLException e) {
      throw failures.map(e, start);
    }
    return open(source, file, failures, busy, reader, shared, migrate);
  }

  private static Database open(Database.Source source, Path file, SqliteFailures failures, Duration busy,
      Connection reader, boolean shared, boolean migrate) {
    long start = System.nanoTime();
    Database db;
    boolean upToDate;
    try {
      // Opening is lazy in sqlite-jdbc: this first read is what finds a locked, damaged or foreign file.
      Migrator.Inspection found = Migrator.inspectSnapshot(reader);
      refuseUnusable(found, failures, migrate);
      String mode = Database.textPragma(reader, "journal_mode").toLowerCase(Locale.ROOT);
      upToDate = found.version() == Migrator.latest() && (mode.equals("wal") || mode.equals("memory"));
      db = new Database(source, file, failures, busy, reader, shared, found.version());
    } catch (SQLException e) {
      source.release(reader);
      throw failures.map(e, start);
    } catch (RuntimeException e) {
      source.release(reader);
      throw e;
    }
    if (!migrate || upToDate) {
      return db; // nothing to write: the writing connection opens with the first write
    }
    try {
      db.writeJdbc(c -> {
        useWal(c, busy);
        return Migrator.migrate(c, found -> refuseUnusable(found, failures, true));
      });
      Migrator.Inspection migrated = db.read(Migrator::inspectSnapshot);
      refuseUnusable(migrated, failures, true);
      int now = migrated.version();
      if (now != Migrator.latest()) {
        throw failures.other("the schema is at version " + now + " after migrating, not " + Migrator.latest(), null);
      }
      db.migrated(now);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Refuses a file that is someone else's, damaged in its schema, newer than this program, or (when not migrating)
   * empty: each with one sentence naming the file. Not migrating, an older version is read as it is (every version
   * since 1 holds everything the reads need; {@link Database#requireLatest} refuses writes to it).
   */
  static void refuseUnusable(Migrator.Inspection found, SqliteFailures failures, boolean migrate) {
    String file = failures.label();
    int version = found.version();
    if (found.isForeign()) {
      throw new StoreException(Kind.CORRUPT, file + " is not a Lifeline database (it holds other data); choose "
          + "another file.", null);
    }
    if (version < 0) {
      throw new StoreException(Kind.CORRUPT, file + " has schema version " + version + ", which no Lifeline "
          + "writes; restore a backup.", null);
    }
    if (version > Migrator.latest()) {
      throw new StoreException(Kind.SCHEMA_TOO_NEW, file + " has schema version " + version
          + ", newer than this Lifeline understands (" + Migrator.latest() + "); use a newer Lifeline.", null);
    }
    if (version == 0 && found.hasTables()) {
      throw new StoreException(Kind.CORRUPT, file + " holds Lifeline's tables but says schema version 0; restore "
          + "a backup.", null);
    }
    if (version > 0 && found.missingTable().isPresent()) {
      throw new StoreException(Kind.CORRUPT, file + " lacks the table " + found.missingTable().get()
          + " that schema version " + version + " has; restore a backup.", null);
    }
    if (!migrate && version == 0) {
      throw new StoreException(Kind.OTHER, file + " is empty, not yet a Lifeline database; open it once with "
          + "migrations enabled.", null);
    }
    if (!found.triggers().isEmpty()) {
      throw new StoreException(Kind.CORRUPT, file + " has a trigger Lifeline did not create ("
          + found.triggers().get(0) + "), which would change rows behind its back; remove it or restore a backup.",
          null);
    }
    if (found.missingColumn(version).isPresent()) {
      throw new StoreException(Kind.CORRUPT, file + " lacks the column " + found.missingColumn(version).get()
          + " that schema version " + version + " has; restore a backup.", null);
    }
  }

  /**
   * Switches the file to WAL (persistent in the file) unless it already is or lives in memory. Changing the
   * journal mode needs every other connection to be idle, and SQLite may report busy without waiting, so this
   * retries until the busy timeout.
   */
  private static void useWal(Connection c, Duration busy) throws SQLException {
    long deadline = System.nanoTime() + busy.toNanos();
    while (true) {
      String mode = Database.textPragma(c, "journal_mode").toLowerCase(Locale.ROOT);
      if (mode.equals("wal") || mode.equals("memory")) {
        return;
      }
      try {
        Database.textPragma(c, "journal_mode = WAL");
      } catch (SQLiteException e) {
        int code = SqliteFailures.primaryCode(e);
        if ((code != SqliteFailures.BUSY && code != SqliteFailures.LOCKED) || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(5_000_000);
      }
    }
  }

  private static void createOwnerOnly(Path file) {
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      // another process created it first; opening and migrating it is safe
    } catch (NoSuchFileException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + file + ": its directory " + file.getParent()
          + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + file + "; check the permissions of its directory.",
          e);
    } catch (IOException e) {
      throw new StoreException(Kind.ACCESS, "cannot create " + file + " (" + e.getMessage()
          + "); check the permissions of its directory.", e);
    }
  }

  /** The real path of the file a caller's DataSource opened (SQLite names it as it was given). */
  private static Path realPathOf(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath();
    }
  }

  private static String mainFile(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); var rs = st.executeQuery("PRAGMA database_list")) {
      String file = null;
      while (rs.next()) {
        if ("main".equals(rs.getString("name"))) {
          file = rs.getString("file");
        }
      }
      return file;
    }
  }

  /** Connections to a file, opened by sqlite-jdbc with the builder's settings. */
  private static final class FileSource implements Database.Source {
    private final String url;
    private final int busyMillis;
    private final SqliteJobStore.Synchronous synchronous;

    FileSource(Path file, Duration busy, SqliteJobStore.Synchronous synchronous) {
      this.url = DatabaseFile.url(file);
      this.busyMillis = (int) Math.min(Integer.MAX_VALUE, busy.toMillis());
      this.synchronous = synchronous;
    }

    @Override
    public Connection open(boolean readOnly) throws SQLException {
      SQLiteConfig cfg = new SQLiteConfig();
      cfg.setReadOnly(readOnly);
      cfg.setBusyTimeout(busyMillis);
      return cfg.createConnection(url);
    }

    @Override
    public void configureWriter(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("PRAGMA synchronous = " + synchronous.name());
        st.executeUpdate("PRAGMA foreign_keys = ON");
      }
    }

    @Override
    public void release(Connection c) {
      Database.closeQuietly(c);
    }
  }

  /** Connections from a caller's DataSource, kept as configured except for auto-commit and foreign keys. */
  private static final class DataSourceSource implements Database.Source {
    private final DataSource dataSource;

    DataSourceSource(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public Connection open(boolean readOnly) throws SQLException {
      Connection c = dataSource.getConnection();
      c.setAutoCommit(true);
      if (readOnly) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("PRAGMA query_only = 1");
        }
      }
      return c;
    }

    @Override
    public void configureWriter(Connection c) throws SQLException {
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("PRAGMA foreign_keys = ON");
      }
    }

    @Override
    public void release(Connection c) {
      try (Statement st = c.createStatement()) {
        st.executeUpdate("PRAGMA query_only = 0"); // a pooled connection goes back as it came
      } catch (SQLException ignored) {
        // closing anyway
      }
      Database.closeQuietly(c);
    }
  }
}
