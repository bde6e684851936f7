package dev.lifeline.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Typed reads of one column of the current row, strict about what a Lifeline row may hold: SQLite keeps whatever a
 * tampered file puts in a column (text in an integer column, NULL where the schema was edited to allow it, a value
 * no CHECK ever saw), so each read checks the storage class, the range and NULL, and throws
 * {@link Undecodable} naming the column and what is wrong. Integer columns are read with {@code getObject}, which
 * costs sqlite-jdbc the same two native calls as {@code getLong} plus {@code wasNull}. Stateless and thread-safe.
 */
final class Columns {

  /** How much of a bad value a message quotes. */
  private static final int QUOTE = 40;

  private Columns() {}

  /**
   * A column of the current row holds something Lifeline cannot decode. The message is one clause naming the
   * column and the problem, such as {@code state 'RUNNING?' is not a known state}; no stack trace is kept.
   */
  static final class Undecodable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undecodable(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Whether the result has a column labelled {@code column} (a file of an older schema version may lack it). */
  static boolean has(ResultSet rs, String column) throws SQLException {
    java.sql.ResultSetMetaData md = rs.getMetaData();
    for (int i = md.getColumnCount(); i >= 1; i--) {
      if (column.equalsIgnoreCase(md.getColumnLabel(i))) {
        return true;
      }
    }
    return false;
  }

  /** A text column that must not be NULL. */
  static String text(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    if (s == null) {
      throw missing(column);
    }
    return s;
  }

  /** A text column that may be NULL. */
  static String nullableText(ResultSet rs, String column) throws SQLException {
    return rs.getString(column);
  }

  /** An INTEGER column that must hold a 64-bit integer, at least {@code min}. */
  static long longValue(ResultSet rs, String column, long min) throws SQLException {
    Long v = nullableLong(rs, column);
    if (v == null) {
      throw missing(column);
    }
    if (v < min) {
      throw new Undecodable(column + " " + v + (min == 0 ? " is negative" : min == 1 ? " is not positive"
          : " is less than " + min));
    }
    return v;
  }

  /** An INTEGER column that must hold a 32-bit integer, at least {@code min}. */
  static int intValue(ResultSet rs, String column, int min) throws SQLException {
    Integer v = nullableInt(rs, column);
    if (v == null) {
      throw missing(column);
    }
    if (v < min) {
      throw new Undecodable(column + " " + v + (min == 0 ? " is negative" : " is less than " + min));
    }
    return v;
  }

  /** An INTEGER column that may be NULL and otherwise holds a 32-bit integer. */
  static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    Long v = nullableLong(rs, column);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new Undecodable(column + " " + v + " is out of range");
    }
    return v.intValue();
  }

  /** An INTEGER column that may be NULL. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Long l) {
      return l;
    }
    throw new Undecodable(column + " " + quote(v) + " is not an integer");
  }

  /** Epoch milliseconds that must not be NULL. */
  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Instant.ofEpochMilli(longValue(rs, column, Long.MIN_VALUE));
  }

  /** Epoch milliseconds, or NULL. */
  static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    Long v = nullableLong(rs, column);
    return v == null ? null : Instant.ofEpochMilli(v);
  }

  /** An enum name that must not be NULL; {@code what} names the kind ("state", "failure reason"). */
  static <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type, String what)
      throws SQLException {
    E e = nullableEnum(rs, column, type, what);
    if (e == null) {
      throw missing(column);
    }
    return e;
  }

  /** An enum name, or NULL. */
  static <E extends Enum<E>> E nullableEnum(ResultSet rs, String column, Class<E> type, String what)
      throws SQLException {
    String s = rs.getString(column);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw new Undecodable(column + " " + quote(s) + " is not a known " + what);
    }
  }

  static Undecodable missing(String column) {
    return new Undecodable(column + " is NULL");
  }

  /**
   * {@code value} as a message may show it: in single quotes when it is text (control characters escaped,
   * cut after {@value #QUOTE} code points), as the number it is otherwise, or the size of a blob.
   */
  static String quote(Object value) {
    if (value instanceof byte[] b) {
      return "(a blob of " + b.length + " bytes)";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i)), shown++) {
      if (shown == QUOTE) {
        out.append('…');
        break;
      }
      int cp = s.codePointAt(i);
      if (Character.isISOControl(cp)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.append('\'').toString();
  }
}
