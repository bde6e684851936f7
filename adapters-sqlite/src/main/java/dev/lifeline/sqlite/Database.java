package dev.lifeline.sqlite;

import dev.lifeline.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The store's two connections: one writer, used by one thread at a time under a Java lock and only inside
 * {@code BEGIN IMMEDIATE} transactions, and one reader that cannot write (opened read-only, or with
 * {@code query_only}). Reads are plain JDBC ({@link ReadStatements}); the writer's connection opens with the first
 * write and its jOOQ {@link WriteStatements} with the first transaction, so a store that is only read never loads
 * jOOQ. Every statement is stepped to completion. An in-memory database has a single connection, which serves both
 * under the same lock. Thread-safe.
 */
final class Database implements AutoCloseable {

  /** Opens connections to one database. */
  interface Source {
    /** A connection in auto-commit mode; {@code readOnly} ones must refuse to write. */
    Connection open(boolean readOnly) throws SQLException;

    /** Applies the writer's per-connection settings. */
    void configureWriter(Connection c) throws SQLException;

    /** Gives back a connection this source opened. */
    void release(Connection c);
  }

  private final Source source;
  private final Path file;
  private final SqliteFailures failures;
  private final Duration busyTimeout;
  private final boolean shared;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock;
  private final Connection reader;
  private Connection writer; // guarded by writeLock
  private WriteStatements statements; // guarded by writeLock
  private int writerOpenedAt; // guarded by writeLock: the writer's data_version when it was opened
  private volatile int openedVersion;
  private volatile boolean closed;

  /**
   * @param file the database file, or {@code null} in memory
   * @param reader an open reading connection (for an in-memory database: the one connection, also the writer)
   * @param shared whether {@code reader} is also the writer
   * @param openedVersion the schema version the file had when it was opened
   */
  Database(Source source, Path file, SqliteFailures failures, Duration busyTimeout, Connection reader,
      boolean shared, int openedVersion) throws SQLException {
    this.openedVersion = openedVersion;
    this.source = source;
    this.file = file;
    this.failures = failures;
    this.busyTimeout = busyTimeout;
    this.shared = shared;
    this.reader = reader;
    this.readLock = shared ? writeLock : new ReentrantLock();
    if (shared) {
      source.configureWriter(reader);
      writer = reader;
      writerOpenedAt = intPragma(reader, "data_version");
    }
  }

  /** The database file, or {@code null} when it lives in memory. */
  Path file() {
    return file;
  }

  SqliteFailures failures() {
    return failures;
  }

  Duration busyTimeout() {
    return busyTimeout;
  }

  /**
   * The schema version the file had when it was opened, or was migrated to: reads of what a later version added
   * ({@code lastPass}) find nothing on an older one.
   */
  int openedVersion() {
    return openedVersion;
  }

  /**
   * Records that opening migrated the file to {@code version}. The writer's {@code data_version} is taken again:
   * switching the file to WAL moves it, and that is no other connection's commit.
   */
  void migrated(int version) {
    openedVersion = version;
    writeJdbc(c -> {
      writerOpenedAt = intPragma(c, "data_version");
      return null;
    });
  }

  /**
   * Refuses to write to a file opened at an older schema version without migrating (a read-only open of a file from
   * before an upgrade): this program writes only its own version.
   *
   * @throws StoreException of kind {@code OTHER}, with one sentence naming the file
   */
  void requireLatest() {
    if (openedVersion < Migrator.latest()) {
      throw new StoreException(StoreException.Kind.OTHER, failures.label() + " has schema version " + openedVersion
          + ", older than the version " + Migrator.latest() + " this Lifeline writes; it was opened to read only"
          + ", so open it once with migrations enabled to write to it.", null);
    }
  }

  /**
   * Runs plain JDBC on the reading connection, holding the read lock. SQLite failures become
   * {@link StoreException}s; runtime exceptions {@code work} throws pass unchanged.
   */
  <T> T read(JdbcWork<T> work) {
    long start = System.nanoTime();
    readLock.lock();
    try {
      checkOpen();
      return work.run(reader);
    } catch (SQLException e) {
      throw failures.map(e, start);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the writing connection, holding the write lock:
   * committed when it returns, rolled back when it throws. SQLite failures become {@link StoreException}s; any
   * other exception {@code work} throws is rethrown after the rollback.
   */
  <T> T write(Function<WriteStatements, T> work) {
    requireLatest();
    return writeJdbc(c -> {
      if (statements == null) {
        statements = new WriteStatements(c, failures);
      }
      return statements.transaction(work);
    });
  }

  /** Runs plain JDBC on the writing connection (outside any transaction), holding the write lock. */
  <T> T writeJdbc(JdbcWork<T> work) {
    long start = System.nanoTime();
    writeLock.lock();
    try {
      checkOpen();
      return work.run(writer());
    } catch (SQLException e) {
      throw failures.map(e, start);
    } catch (RuntimeException e) {
      throw failures.map(e, start);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * {@code PRAGMA data_version} on the writing connection (opened if need be): it changes only when another
   * connection commits, never for this store's own writes.
   */
  int dataVersion() {
    return writeJdbc(c -> intPragma(c, "data_version"));
  }

  /**
   * {@code PRAGMA data_version} on the reading connection: for a store that never writes (opened read-only), every
   * change of it is another connection's commit.
   */
  int readerDataVersion() {
    return read(c -> intPragma(c, "data_version"));
  }

  /**
   * The writing connection's {@code data_version} when it was opened (opening it now if need be): the changes
   * other connections committed since are the ones {@link #dataVersion()} differs by.
   */
  int dataVersionAtWriterOpen() {
    return writeJdbc(c -> writerOpenedAt);
  }

  /** JDBC work that may throw {@link SQLException}. */
  @FunctionalInterface
  interface JdbcWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** The writing connection, opened and configured on first use; under the write lock. */
  private Connection writer() throws SQLException {
    if (writer == null) {
      Connection c = source.open(false);
      try {
        source.configureWriter(c);
        writerOpenedAt = intPragma(c, "data_version");
      } catch (SQLException | RuntimeException e) {
        closeQuietly(c);
        throw e;
      }
      writer = c;
    }
    return writer;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this SqliteJobStore on " + failures.label() + " is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes the reader, then the writer (the last connection checkpoints the WAL into the file). Idempotent. */
  @Override
  public void close() {
    writeLock.lock();
    readLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (!shared) {
        source.release(reader);
      }
      if (statements != null) {
        statements.close();
      }
      if (writer != null) {
        source.release(writer); // in memory: the one connection
      }
    } finally {
      readLock.unlock();
      writeLock.unlock();
    }
  }

  static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing useful can be done about a failed close
      }
    }
  }

  /** Reads one integer pragma, stepping the statement to completion. */
  static int intPragma(Connection c, String pragma) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      int v = rs.next() ? rs.getInt(1) : 0;
      while (rs.next()) {
        // step to completion
      }
      return v;
    }
  }

  /** Reads one text pragma, stepping the statement to completion. */
  static String textPragma(Connection c, String pragma) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      String v = rs.next() ? rs.getString(1) : null;
      while (rs.next()) {
        // step to completion
      }
      return v;
    }
  }
}
