package dev.lifeline.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The versioned schema scripts ({@code migration/V<n>__*.sql} next to this class) and their application: every
 * missing script runs inside one {@code BEGIN IMMEDIATE} transaction, which also sets {@code PRAGMA user_version}
 * to the number of scripts applied in total. Two processes migrating the same new file at once therefore end with
 * one schema: the second waits for the first's lock and then finds nothing to do. Stateless and thread-safe.
 */
final class Migrator {

  /** {@code PRAGMA application_id} of a Lifeline database: "LFLN". */
  static final int APPLICATION_ID = 0x4C464C4E;

  /** Script {@code i} brings the schema from version {@code i} to {@code i + 1}. Append only. */
  private static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__last_pass.sql",
      "V3__live_work_indexes.sql", "V4__workflow.sql", "V5__notifications.sql");

  /** Tables that SQLite itself keeps in a database; they do not make a file "someone else's". */
  private static final Set<String> SQLITE_TABLES = Set.of("sqlite_sequence", "sqlite_stat1", "sqlite_stat4");

  private Migrator() {}

  static int latest() {
    return SCRIPTS.size();
  }

  /** The columns a later script than V1 added, with the version that added them; append only. */
  private static final Map<String, Integer> ADDED = Map.of("supervisor_lease.last_pass_holder", 2,
      "supervisor_lease.last_pass_at", 2, "supervisor_lease.last_pass_failures", 2,
      "supervisor_lease.last_pass_problem", 2, "job.group_name", 4, "job.held", 4, "job.first_not_before", 4,
      "job.after_ids", 4, "job.hooks", 5);

  /** The schema version that added {@code table.column}. */
  static int since(String tableDotColumn) {
    return ADDED.getOrDefault(tableDotColumn, 1);
  }

  /** Lifeline's tables, each with the schema version that added it. */
  static final Map<String, Integer> TABLE_SINCE = Map.of("job", 1, "job_transition", 1, "supervisor_lease", 1,
      "job_dependency", 4, "job_group", 4, "store_control", 4, "control_change", 4, "hook", 5, "delivery", 5);

  /** Lifeline's tables at the latest version, in the order the scripts create them. */
  static final List<String> TABLES = List.of("job", "job_transition", "supervisor_lease", "job_dependency",
      "job_group", "store_control", "control_change", "hook", "delivery");

  /** The columns of each table at the latest version, in the order the scripts create them. */
  static final Map<String, List<String>> LATEST_COLUMNS = Map.of(
      "job", List.of("id", "name", "argv", "cwd", "env", "priority", "max_attempts", "timeout", "verifiers", "state",
          "version", "attempt", "session", "owner", "exit_code", "failure_reason", "failure_detail", "not_before",
          "idempotency_key", "created_at", "started_at", "finished_at", "updated_at", "group_name", "held",
          "first_not_before", "after_ids", "hooks"),
      "hook", List.of("id", "fires_on", "group_name", "target_kind", "target", "actor", "created_at"),
      "delivery", List.of("id", "job_id", "attempt", "from_state", "to_state", "event", "reason", "exit_code",
          "source", "target_kind", "target", "status", "tries", "next_at", "last_error", "created_at", "finished_at"),
      "job_dependency", List.of("job_id", "depends_on"),
      "job_group", List.of("name", "max_concurrent", "paused"),
      "store_control", List.of("id", "draining"),
      "control_change", List.of("id", "target", "setting", "value", "actor", "at"),
      "job_transition", List.of("id", "job_id", "attempt", "from_state", "to_state", "event", "reason", "detail",
          "actor", "at"),
      "supervisor_lease", List.of("id", "holder", "host", "pid", "acquired_at", "heartbeat", "last_pass_holder",
          "last_pass_at", "last_pass_failures", "last_pass_problem"));

  /**
   * What an existing file says about itself.
   *
   * @param version its {@code user_version}
   * @param applicationId its {@code application_id}
   * @param columns its own tables (not SQLite's) and their columns
   * @param triggers the names of its triggers (Lifeline's schema has none)
   */
  record Inspection(int version, int applicationId, Map<String, Set<String>> columns, List<String> triggers) {

    /** Whether it has any table of its own. */
    boolean hasTables() {
      return !columns.isEmpty();
    }

    /** True when the file is neither empty nor a Lifeline database (of any version). */
    boolean isForeign() {
      if (version == 0 && applicationId == 0) {
        return hasTables();
      }
      return applicationId != APPLICATION_ID;
    }

    /** The first of the tables its schema version has that the file lacks, if any. */
    Optional<String> missingTable() {
      return TABLES.stream().filter(t -> TABLE_SINCE.get(t) <= version && !columns.containsKey(t)).findFirst();
    }

    /** The first column of the latest schema the file lacks, as {@code table.column}, if any. */
    Optional<String> missingColumn() {
      return missingColumn(latest());
    }

    /**
     * The first column of schema {@code version} the file lacks, as {@code table.column}, if any (none for version
     * 0, the empty file).
     */
    Optional<String> missingColumn(int version) {
      if (version < 1) {
        return Optional.empty();
      }
      for (String table : TABLES) {
        if (TABLE_SINCE.get(table) > version) {
          continue;
        }
        Set<String> present = columns.getOrDefault(table, Set.of());
        for (String column : LATEST_COLUMNS.get(table)) {
          if (!present.contains(column) && since(table + "." + column) <= version) {
            return Optional.of(table + "." + column);
          }
        }
      }
      return Optional.empty();
    }
  }

  /**
   * {@link #inspect} as one snapshot: on a connection outside any transaction, the three reads run in one read
   * transaction, so a migration another process commits between them cannot be half seen (its tables without its
   * version). Inside a transaction (as {@link #migrate} calls it) it is the same as {@link #inspect}.
   */
  static Inspection inspectSnapshot(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      return inspect(c);
    }
    try (Statement st = c.createStatement()) {
      st.executeUpdate("BEGIN DEFERRED");
      boolean done = false;
      try {
        Inspection found = inspect(c);
        st.executeUpdate("COMMIT");
        done = true;
        return found;
      } finally {
        if (!done) {
          try {
            st.executeUpdate("ROLLBACK");
          } catch (SQLException ignored) {
            // SQLite may already have ended the transaction; the original failure is the one to report
          }
        }
      }
    }
  }

  /**
   * Reads the header values, the tables and their columns, and the triggers; reads only. Three statements: call it
   * inside a transaction, or through {@link #inspectSnapshot}.
   */
  static Inspection inspect(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      int version = intPragma(st, "PRAGMA user_version");
      int appId = intPragma(st, "PRAGMA application_id");
      Map<String, Set<String>> columns = new HashMap<>();
      List<String> triggers = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT m.type, m.name, p.name FROM sqlite_master AS m "
          + "LEFT JOIN pragma_table_info(m.name) AS p WHERE m.type IN ('table', 'trigger')")) {
        while (rs.next()) {
          String name = rs.getString(2);
          if ("trigger".equals(rs.getString(1))) {
            triggers.add(name);
          } else if (!SQLITE_TABLES.contains(name)) {
            columns.computeIfAbsent(name, t -> new HashSet<>()).add(rs.getString(3));
          }
        }
      }
      return new Inspection(version, appId, columns, triggers);
    }
  }

  /**
   * Applies the missing scripts in one {@code BEGIN IMMEDIATE} transaction on {@code c} (in auto-commit mode).
   *
   * @param refuse decides, from what the file holds once the lock is taken, whether to stop; it throws to refuse
   * @return how many scripts were applied (0 when another process got there first)
   */
  static int migrate(Connection c, java.util.function.Consumer<Inspection> refuse) throws SQLException {
    try (Statement st = c.createStatement()) {
      // A script that rebuilds a table (V4) drops it while other tables refer to it: SQLite's procedure for that runs
      // with foreign keys off (the pragma has no effect inside a transaction) and checks them before committing.
      boolean foreignKeys = intPragma(st, "PRAGMA foreign_keys") == 1;
      if (foreignKeys) {
        st.executeUpdate("PRAGMA foreign_keys = OFF");
      }
      try {
        return migrateWithoutForeignKeys(c, st, refuse);
      } finally {
        if (foreignKeys) {
          st.executeUpdate("PRAGMA foreign_keys = ON");
        }
      }
    }
  }

  private static int migrateWithoutForeignKeys(Connection c, Statement st,
      java.util.function.Consumer<Inspection> refuse) throws SQLException {
    {
      st.executeUpdate("BEGIN IMMEDIATE");
      boolean done = false;
      try {
        Inspection found = inspect(c);
        refuse.accept(found);
        int applied = 0;
        for (int v = found.version(); v < SCRIPTS.size(); v++) {
          for (String sql : statements(SCRIPTS.get(v))) {
            st.executeUpdate(sql);
          }
          applied++;
        }
        if (applied > 0) {
          try (ResultSet broken = st.executeQuery("PRAGMA foreign_key_check")) {
            if (broken.next()) {
              throw new SQLException("the migration would leave a row of " + broken.getString(1)
                  + " referring to a missing row of " + broken.getString(3), "23000");
            }
          }
          st.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
          st.executeUpdate("PRAGMA user_version = " + SCRIPTS.size());
        }
        st.executeUpdate("COMMIT");
        done = true;
        return applied;
      } finally {
        if (!done) {
          try {
            st.executeUpdate("ROLLBACK");
          } catch (SQLException ignored) {
            // SQLite may already have rolled back; the original failure is the one to report
          }
        }
      }
    }
  }

  /** The statements of one script, comments removed, in order. */
  static List<String> statements(String script) {
    String path = "migration/" + script;
    try (InputStream in = Migrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the migration script " + path + " is missing from the classpath");
      }
      return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the migration script " + path, e);
    }
  }

  /**
   * Splits SQL text at semicolons outside quotes and comments, dropping the comments. Enough for DDL scripts
   * (no triggers: a trigger body holds semicolons of its own).
   */
  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? sql.length() : eol;
      } else if (c == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated comment in a migration script");
        }
        cur.append(' ');
        i = end + 2;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = i + 1;
        while (true) {
          end = sql.indexOf(close, end);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated quote in a migration script");
          }
          if (close != ']' && end + 1 < sql.length() && sql.charAt(end + 1) == close) {
            end += 2; // a doubled quote stands for itself
            continue;
          }
          break;
        }
        cur.append(sql, i, end + 1);
        i = end + 1;
      } else if (c == ';') {
        add(out, cur);
        i++;
      } else {
        cur.append(c);
        i++;
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    cur.setLength(0);
  }

  private static int intPragma(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      int v = rs.next() ? rs.getInt(1) : 0;
      while (rs.next()) {
        // step to completion
      }
      return v;
    }
  }
}
