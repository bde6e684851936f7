import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The floor for a database command: open a SQLite file with sqlite-jdbc and read one row. */
public final class SqliteOne {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
        PreparedStatement ps = c.prepareStatement("SELECT id, state FROM job WHERE id = ?")) {
      ps.setLong(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        System.out.println(rs.next() ? rs.getLong(1) + " " + rs.getString(2) : "none");
      }
    }
  }
}
