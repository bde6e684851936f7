package dev.lifeline.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.Configuration;
import org.jooq.ConnectionProvider;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultConnectionProvider;

/**
 * Runs each jOOQ transaction as plain {@code BEGIN IMMEDIATE} … {@code COMMIT} / {@code ROLLBACK} statements on an
 * auto-commit connection. sqlite-jdbc's own {@code commit()} re-opens a transaction at once, so jOOQ's default
 * provider would take the write lock a second time after committing and could report a failure for a change that
 * was in fact written; this provider takes the write lock exactly once, when the transaction begins (a failure
 * there is safe to retry). No nesting. Stateless, but a transaction must stay on the thread that began it.
 */
final class ImmediateTransactionProvider implements TransactionProvider {

  private static final String CONNECTION = "dev.lifeline.sqlite.tx.connection";
  private static final String OUTER = "dev.lifeline.sqlite.tx.outer";

  @Override
  public void begin(TransactionContext ctx) {
    Configuration cfg = ctx.configuration();
    if (cfg.data(CONNECTION) != null) {
      throw new IllegalStateException("nested transactions are not supported on SQLite here");
    }
    ConnectionProvider outer = cfg.connectionProvider();
    Connection c = outer.acquire();
    try {
      exec(c, "BEGIN IMMEDIATE");
    } catch (RuntimeException e) {
      outer.release(c);
      throw e;
    }
    cfg.data(CONNECTION, c);
    cfg.data(OUTER, outer);
    cfg.set(new DefaultConnectionProvider(c));
  }

  @Override
  public void commit(TransactionContext ctx) {
    Connection c = (Connection) ctx.configuration().data(CONNECTION);
    try {
      exec(c, "COMMIT");
    } catch (RuntimeException e) {
      try {
        exec(c, "ROLLBACK");
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      end(ctx);
      throw e;
    }
    end(ctx);
  }

  @Override
  public void rollback(TransactionContext ctx) {
    Connection c = (Connection) ctx.configuration().data(CONNECTION);
    if (c == null) {
      return; // begin() failed: there is nothing to roll back
    }
    try {
      exec(c, "ROLLBACK");
    } catch (DataAccessException e) {
      // SQLite rolls some failures (a full disk, an I/O error) back by itself; then there is nothing left to undo.
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        throw e;
      }
    } finally {
      end(ctx);
    }
  }

  private static void end(TransactionContext ctx) {
    Configuration cfg = ctx.configuration();
    Connection c = (Connection) cfg.data(CONNECTION);
    ConnectionProvider outer = (ConnectionProvider) cfg.data(OUTER);
    cfg.data().remove(CONNECTION);
    cfg.data().remove(OUTER);
    if (outer != null) {
      cfg.set(outer);
      outer.release(c);
    }
  }

  private static void exec(Connection c, String sql) {
    try (Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new DataAccessException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
