package dev.lifeline.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
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
 * there is safe to retry). No nesting. The three statements stay prepared for the last connection used. Not
 * thread-safe: one transaction at a time (the store's write lock), on the thread that began it.
 */
final class ImmediateTransactionProvider implements TransactionProvider {

  private static final String CONNECTION = "dev.lifeline.sqlite.tx.connection";
  private static final String OUTER = "dev.lifeline.sqlite.tx.outer";
  private static final String BEGIN = "BEGIN IMMEDIATE";
  private static final String COMMIT = "COMMIT";
  private static final String ROLLBACK = "ROLLBACK";

  private Connection preparedFor;
  private PreparedStatement begin;
  private PreparedStatement commit;
  private PreparedStatement rollback;

  @Override
  public void begin(TransactionContext ctx) {
    Configuration cfg = ctx.configuration();
    if (cfg.data(CONNECTION) != null) {
      throw new IllegalStateException("nested transactions are not supported on SQLite here");
    }
    ConnectionProvider outer = cfg.connectionProvider();
    Connection c = outer.acquire();
    try {
      exec(c, BEGIN);
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
      exec(c, COMMIT);
    } catch (RuntimeException e) {
      try {
        exec(c, ROLLBACK);
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
      exec(c, ROLLBACK);
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

  private void exec(Connection c, String sql) {
    try {
      if (c != preparedFor) {
        begin = c.prepareStatement(BEGIN);
        commit = c.prepareStatement(COMMIT);
        rollback = c.prepareStatement(ROLLBACK);
        preparedFor = c;
      }
      PreparedStatement st = switch (sql) {
        case BEGIN -> begin;
        case COMMIT -> commit;
        default -> rollback;
      };
      st.executeUpdate();
    } catch (SQLException e) {
      throw new DataAccessException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
