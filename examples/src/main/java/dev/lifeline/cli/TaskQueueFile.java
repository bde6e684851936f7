package dev.lifeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The {@code project_queue} table of a {@code task_queue.db}, the system Lifeline replaces, read once and read-only
 * (the file is never written). Its schema drifted over time, so columns are looked up by name with their known
 * alternatives, and times may be REAL epoch seconds or ISO-8601 text (text without an offset is in
 * {@code zone}, the time zone the old system wrote its {@code datetime.now()} in). Not thread-safe; one use.
 */
final class TaskQueueFile {

  /** One row as stored, before any mapping; {@code problem} says why it cannot be read, or is {@code null}. */
  record Row(long id, String name, String status, Instant enqueuedAt, Instant startedAt, Instant completedAt,
      String errorMessage, Long priority, Long retryCount, String specPath, String projectPath, String session,
      String problem) {}

  private TaskQueueFile() {}

  /**
   * Every row of {@code file}'s {@code project_queue}, lowest id first.
   *
   * @throws UserException exit 5 when the file is missing, not SQLite, or has no {@code project_queue}
   */
  static List<Row> read(Path file, ZoneId zone) {
    if (!Files.isRegularFile(file)) {
      throw new UserException(ExitCodes.STORE, Printable.of("There is no task_queue.db at " + file
          + " (check the path)."));
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url, config.toProperties());
        Statement s = c.createStatement()) {
      try (ResultSet t = s.executeQuery(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'project_queue'")) {
        if (!t.next() || t.getInt(1) == 0) {
          throw new UserException(ExitCodes.STORE, Printable.of(file + " has no project_queue table: it is not a "
              + "task_queue.db."));
        }
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT * FROM project_queue ORDER BY id")) {
        Map<String, Integer> columns = columns(r.getMetaData());
        if (!columns.containsKey("id") || !columns.containsKey("status")) {
          throw new UserException(ExitCodes.STORE, Printable.of(file + "'s project_queue has no id or no status "
              + "column: it is not a task_queue.db."));
        }
        while (r.next()) {
          rows.add(row(r, columns, zone));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new UserException(ExitCodes.STORE, Printable.of(file + " cannot be read as a task_queue.db: "
          + firstLine(e.getMessage()) + "."), e);
    }
  }

  private static Map<String, Integer> columns(ResultSetMetaData m) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      out.put(m.getColumnName(i).toLowerCase(Locale.ROOT), i);
    }
    return out;
  }

  private static Row row(ResultSet r, Map<String, Integer> columns, ZoneId zone) throws SQLException {
    long id = r.getLong(columns.get("id"));
    String status = text(r, columns, "status");
    String problem = null;
    Instant enqueued = null;
    Instant started = null;
    Instant completed = null;
    try {
      enqueued = time(r, columns, zone, "enqueued_at", "created_at", "queued_at");
      started = time(r, columns, zone, "started_at");
      completed = time(r, columns, zone, "completed_at", "finished_at");
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    Long priority = null;
    Long retries = null;
    try {
      priority = number(r, columns, "priority");
      retries = number(r, columns, "retry_count");
    } catch (IllegalArgumentException e) {
      problem = problem != null ? problem : e.getMessage();
    }
    return new Row(id, text(r, columns, "project_name", "name", "title"), status, enqueued, started, completed,
        text(r, columns, "error_message", "error"), priority, retries, text(r, columns, "spec_path"),
        text(r, columns, "project_path"), text(r, columns, "session_name", "main_session"), problem);
  }

  /** The first of {@code names} the table has and the row fills, as text; {@code null} when none. */
  private static String text(ResultSet r, Map<String, Integer> columns, String... names) throws SQLException {
    for (String n : names) {
      Integer i = columns.get(n);
      if (i != null) {
        String v = r.getString(i);
        if (v != null) {
          return v;
        }
      }
    }
    return null;
  }

  private static Long number(ResultSet r, Map<String, Integer> columns, String name) throws SQLException {
    String v = text(r, columns, name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return (long) Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a number");
    }
  }

  private static Instant time(ResultSet r, Map<String, Integer> columns, ZoneId zone, String... names)
      throws SQLException {
    String v = text(r, columns, names);
    return v == null || v.isBlank() ? null : parseTime(v.strip(), zone, names[0]);
  }

  private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

  /** Epoch seconds (REAL or text), ISO-8601 with or without an offset, or {@code yyyy-MM-dd HH:mm:ss[.ffffff]}. */
  static Instant parseTime(String v, ZoneId zone, String column) {
    try {
      double seconds = Double.parseDouble(v);
      if (Double.isFinite(seconds) && seconds >= 0 && seconds < 32_503_680_000d) { // before the year 3000
        long whole = (long) Math.floor(seconds);
        long nanos = Math.round((seconds - whole) * 1_000_000) * 1_000L; // to the microsecond, as REAL holds it
        return Instant.ofEpochSecond(whole, nanos);
      }
      throw new IllegalArgumentException(column + " " + v + " is not a time between 1970 and 3000");
    } catch (NumberFormatException notANumber) {
      // text
    }
    try {
      return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      // no offset
    }
    try {
      return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      // another spelling
    }
    try {
      return LocalDateTime.parse(v, SPACED).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(column + " '" + v + "' is neither epoch seconds nor an ISO-8601 time");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
