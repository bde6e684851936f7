package dev.lifeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Builds a {@code task_queue.db} of the system Lifeline replaces from the SQL scripts in
 * {@code src/test/resources/dev/lifeline/cli/task_queue/} (its first table, the columns added later, an older
 * variant, and a row of every status it wrote), with the journal mode the old system's Python left (DELETE).
 */
final class TaskQueueFixture {

  private TaskQueueFixture() {}

  /** Runs {@code scripts} in order on a new file; {@code @PROJECT@} in them becomes {@code project}. */
  static Path create(Path file, Path project, String... scripts) throws IOException, SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (String script : scripts) {
        String sql;
        try (InputStream in = TaskQueueFixture.class.getResourceAsStream("task_queue/" + script)) {
          if (in == null) {
            throw new IOException("no fixture script " + script);
          }
          sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@PROJECT@", project.toString());
        }
        for (String statement : sql.split(";\\s*\\n")) {
          String body = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
          if (!body.isBlank()) {
            s.executeUpdate(body);
          }
        }
      }
    }
    return file;
  }
}
