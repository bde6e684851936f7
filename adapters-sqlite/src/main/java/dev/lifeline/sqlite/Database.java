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
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultConnectionProvider;
import org.sqlite.SQLiteException;

/**
 * The store's two connections: one writer, used by one thread at a time under a Java lock and only inside
 * {@code BEGIN IMMEDIATE} transactions, and one reader that cannot write (opened read-only, or with
 * {@code query_only}). Every statement is stepped to completion: jOOQ's {@code fetch}/{@code execute} read every row.
 * An in-memory database has a single connection, which serves both under the same lock. Thread-safe.
 */
final class Database implements AutoCloseable {

  static {
    // jOOQ prints a banner, a tip and "Database version is supported" (INFO) on first use unless told not to; a
    // library must stay silent. A user's own setting of these properties wins.
    quiet("org.jooq.no-logo", "true");
    quiet("org.jooq.no-tips", "true");
    quiet("org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport", "WARN");
  }

  private static void quiet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** Opens connections to one database. */
  interface Source {
    /** A connection in auto-commit mode; {@code readOnly} ones must refuse to write. */
    Connection open(boolean readOnly) throws SQLException;

    /** Applies the writer's per-connection settings. */
    void configureWriter(Connection c) throws SQLException;

    /** Gives back a connection this source opened. */
    void release(Connection c);
  }

  private static final Settings SETTINGS = new Settings()
      .withRenderSchema(false)
      .withRenderCatalog(false)
      .withExecuteLogging(false)
      .withFetchWarnings(false)
      .withDiagnosticsLogging(false);

  private final Source source;
  private final Path file;
  private final SqliteFailures failures;
  private final Duration busyTimeout;
  private final boolean shared;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock;
  private final Connection reader;
  private final DSLContext readDsl;
  private Connection writer;
  private DSLContext writeDsl;
  private WriteStatements statements;
  private volatile boolean closed;

  /**
   * @param file the database file, or {@code null} in memory
   * @param reader an open reading connection (for an in-memory database: the one connection, also the writer)
   * @param shared whether {@code reader} is also the writer
   */
  Database(Source source, Path file, SqliteFailures failures, Duration busyTimeout, Connection reader,
      boolean shared) throws SQLException {
    this.source = source;
    this.file = file;
    this.failures = failures;
    this.busyTimeout = busyTimeout;
    this.shared = shared;
    this.reader = reader;
    this.readLock = shared ? writeLock : new ReentrantLock();
    this.readDsl = DSL.using(configuration(reader));
    if (shared) {
      source.configureWriter(reader);
      useWriter(reader);
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

  /** Runs {@code work} on the reading connection; SQLite failures become {@link StoreException}s. */
  <T> T read(Function<DSLContext, T> work) {
    long start = System.nanoTime();
    readLock.lock();
    try {
      checkOpen();
      return work.apply(readDsl);
    } catch (RuntimeException e) {
      throw failures.map(e, start);
    } finally {
      readLock.unlock();
    }
  }

  /** Runs plain JDBC on the reading connection. */
  <T> T readJdbc(JdbcWork<T> work) {
    return read(dsl -> {
      try {
        return work.run(reader);
      } catch (SQLException e) {
        throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
      }
    });
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the writing connection, holding the write lock:
   * committed when it returns, rolled back when it throws. SQLite failures become {@link StoreException}s; any
   * other exception {@code work} throws is rethrown after the rollback.
   */
  <T> T write(Function<DSLContext, T> work) {
    long start = System.nanoTime();
    writeLock.lock();
    try {
      checkOpen();
      return writer().transactionResult(cfg -> work.apply(cfg.dsl()));
    } catch (RuntimeException e) {
      throw failures.map(e, start);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs plain JDBC on the writing connection (outside any transaction), holding the write lock. */
  <T> T writeJdbc(JdbcWork<T> work) {
    long start = System.nanoTime();
    writeLock.lock();
    try {
      checkOpen();
      writer();
      return work.run(writer);
    } catch (SQLException e) {
      SQLiteException s = SqliteFailures.sqliteCause(e);
      throw s == null ? failures.other(e.getMessage(), e) : failures.map(s, e, start);
    } catch (RuntimeException e) {
      throw failures.map(e, start);
    } finally {
      writeLock.unlock();
    }
  }

  /** JDBC work that may throw {@link SQLException}. */
  @FunctionalInterface
  interface JdbcWork<T> {
    T run(Connection c) throws SQLException;
  }

  private DSLContext writer() {
    if (writeDsl == null) {
      Connection c = null;
      try {
        c = source.open(false);
        source.configureWriter(c);
        useWriter(c);
      } catch (SQLException e) {
        closeQuietly(c);
        throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
      }
    }
    return writeDsl;
  }

  private void useWriter(Connection c) {
    DSLContext dsl = DSL.using(configuration(c).set(new ImmediateTransactionProvider()));
    statements = new WriteStatements(dsl, c);
    writer = c;
    writeDsl = dsl;
  }

  /** The kept transition statements of the writing connection; only inside {@link #write}. */
  WriteStatements statements() {
    if (!writeLock.isHeldByCurrentThread() || statements == null) {
      throw new IllegalStateException("the transition statements are used only inside write()");
    }
    return statements;
  }

  private static Configuration configuration(Connection c) {
    return new DefaultConfiguration()
        .set(SQLDialect.SQLITE)
        .set(SETTINGS)
        .set(new DefaultConnectionProvider(c));
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
        source.release(writer);
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
