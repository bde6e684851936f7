package dev.lifeline.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspection a new store makes of its file is one snapshot, so a process that migrates the file between the
 * inspection's statements is seen whole or not at all (a fresh-clone CI run once saw its tables without its
 * version and refused the file as damaged).
 */
class InspectionSnapshotTest {

  @TempDir
  Path dir;

  @Test
  void aMigrationCommittedBetweenTheInspectionsStatementsIsNotHalfSeen() throws Exception {
    Path file = dir.resolve("new.db");
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement st = other.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL"); // so the other process can commit while the reader reads
      }
      Connection racing = migratingAfterFirstRead(reader, other);

      Migrator.Inspection seen = Migrator.inspectSnapshot(racing);

      assertThat(seen.version()).isZero();
      assertThat(seen.hasTables()).as("tables seen beside version 0").isFalse();
      Migrator.Inspection after = Migrator.inspectSnapshot(reader);
      assertThat(after.version()).isEqualTo(Migrator.latest());
      assertThat(after.missingTable()).isEmpty();
    }
  }

  @Test
  void theInspectionLeavesTheConnectionOutsideAnyTransaction() throws Exception {
    Path file = dir.resolve("plain.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      Migrator.inspectSnapshot(c);

      try (Statement st = c.createStatement()) {
        st.executeUpdate("BEGIN IMMEDIATE"); // fails with "cannot start a transaction within a transaction"
        st.executeUpdate("COMMIT");
      }
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  /** {@code reader}, except that its second query first runs every migration on {@code other} and commits. */
  private static Connection migratingAfterFirstRead(Connection reader, Connection other) {
    AtomicInteger queries = new AtomicInteger();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(method, reader, args);
          if (method.getName().equals("createStatement") && result instanceof Statement statement) {
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (p, m, a) -> {
                  if (m.getName().equals("executeQuery") && queries.incrementAndGet() == 2) {
                    assertThat(Migrator.migrate(other, found -> { })).isEqualTo(Migrator.latest());
                  }
                  return invoke(m, statement, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
