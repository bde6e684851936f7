package dev.lifeline.sqlite;

import dev.lifeline.StoreException;
import dev.lifeline.StoreException.Kind;
import java.sql.SQLException;
import java.util.Locale;
import org.jooq.exception.DataAccessException;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite's result codes into {@link StoreException}s with one-sentence messages that name the file. Immutable
 * and thread-safe.
 */
final class SqliteFailures {

  // Primary result codes (https://sqlite.org/rescode.html); extended codes carry them in their low byte.
  static final int PERM = 3;
  static final int BUSY = 5;
  static final int LOCKED = 6;
  static final int READONLY = 8;
  static final int IOERR = 10;
  static final int CORRUPT = 11;
  static final int FULL = 13;
  static final int CANTOPEN = 14;
  static final int AUTH = 23;
  static final int NOTADB = 26;

  private final String label;

  /** @param label how messages name the database: its path, or a description when there is no file */
  SqliteFailures(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The SQLite failure inside {@code e}, or {@code null} when {@code e} did not come from SQLite. */
  static SQLiteException sqliteCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        return s;
      }
    }
    return null;
  }

  /** The primary result code of an SQLite failure ({@code -1} when unknown). */
  static int primaryCode(SQLiteException e) {
    int code = e.getResultCode().code;
    return code < 0 ? -1 : code & 0xFF;
  }

  /**
   * Maps a failure of a database call to a {@link StoreException}; anything that is not an SQLite or data-access
   * failure (a caller's exception, an argument error) is returned unchanged.
   *
   * @param startNanos {@link System#nanoTime()} when the call began, to say how long a busy call waited
   */
  RuntimeException map(RuntimeException e, long startNanos) {
    if (e instanceof StoreException) {
      return e;
    }
    SQLiteException s = sqliteCause(e);
    if (s == null) {
      return e instanceof DataAccessException ? other(e.getMessage(), e) : e;
    }
    return map(s, e, startNanos);
  }

  /** Maps a failed JDBC call: an SQLite failure by its result code, anything else as {@link Kind#OTHER}. */
  StoreException map(SQLException e, long startNanos) {
    SQLiteException s = sqliteCause(e);
    return s == null ? other(e.getMessage(), e) : map(s, e, startNanos);
  }

  /** Maps an SQLite failure; see {@link #map(RuntimeException, long)}. */
  StoreException map(SQLiteException s, Throwable thrown, long startNanos) {
    switch (primaryCode(s)) {
      case BUSY, LOCKED -> {
        double waited = (System.nanoTime() - startNanos) / 1e9;
        return new StoreException(Kind.BUSY, label + " is locked by another process; waited "
            + String.format(Locale.ROOT, "%.1f", waited) + " s.", thrown);
      }
      case CORRUPT, NOTADB -> {
        return corrupt(thrown);
      }
      case READONLY -> {
        return new StoreException(Kind.ACCESS, "cannot write " + label
            + "; check the permissions of the file and its directory.", thrown);
      }
      case CANTOPEN, PERM, AUTH -> {
        return new StoreException(Kind.ACCESS, "cannot open " + label
            + "; check the permissions of the file and its directory.", thrown);
      }
      case FULL -> {
        return new StoreException(Kind.OTHER, "cannot write " + label + ": the disk is full.", thrown);
      }
      case IOERR -> {
        return new StoreException(Kind.OTHER, "reading or writing " + label + " failed with a disk I/O error.",
            thrown);
      }
      default -> {
        return other(s.getMessage(), thrown);
      }
    }
  }

  StoreException corrupt(Throwable cause) {
    return new StoreException(Kind.CORRUPT, label + " is damaged or not a Lifeline database; restore a backup or "
        + "run `sqlite3 " + label + " .recover`.", cause);
  }

  /** A job row that does not decode: one sentence naming the job and the column. */
  StoreException unreadable(long jobId, Columns.Undecodable e) {
    return new StoreException(Kind.CORRUPT, "job " + jobId + " in " + label + " cannot be read: " + e.getMessage()
        + ".", e);
  }

  /** A row of another table that does not decode: {@code what} names it ("the supervisor lease"). */
  StoreException unreadable(String what, Columns.Undecodable e) {
    return new StoreException(Kind.CORRUPT, what + " in " + label + " cannot be read: " + e.getMessage() + ".", e);
  }

  StoreException other(String what, Throwable cause) {
    String detail = what == null ? "" : what.replaceAll("\\s+", " ").trim();
    if (detail.endsWith(".")) {
      detail = detail.substring(0, detail.length() - 1);
    }
    return new StoreException(Kind.OTHER, label + " failed: " + detail + ".", cause);
  }
}
