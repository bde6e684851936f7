package dev.lifeline.sqlite;

import dev.lifeline.Delivery;
import dev.lifeline.Hook;
import dev.lifeline.JobId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox's SELECTs (schema version 5) as constant SQL text over plain JDBC, like {@link ReadStatements}: each
 * text is what jOOQ renders for the query in its javadoc ({@code OutboxStatementsTest} renders them again). The due
 * deliveries and the given-up count are range reads of the partial indexes {@code delivery_due} and
 * {@code delivery_failed}, so their cost follows the deliveries that wait, not those delivered long ago. Stateless and
 * thread-safe.
 */
final class OutboxStatements {

  private OutboxStatements() {}

  /** {@code selectFrom(HOOK).orderBy(HOOK.ID)} */
  static final String HOOKS = "select hook.id, hook.fires_on, hook.group_name, hook.target_kind, hook.target, "
      + "hook.actor, hook.created_at from hook order by hook.id";

  private static final String DELIVERY_COLUMNS = "select delivery.id, delivery.job_id, delivery.attempt, "
      + "delivery.from_state, delivery.to_state, delivery.event, delivery.reason, delivery.exit_code, "
      + "delivery.source, delivery.target_kind, delivery.target, delivery.status, delivery.tries, delivery.next_at, "
      + "delivery.last_error, delivery.created_at, delivery.finished_at from delivery ";

  /**
   * {@code selectFrom(DELIVERY).where(DELIVERY.STATUS.eq(inline("PENDING"))).and(DELIVERY.NEXT_AT.le(now))
   * .orderBy(DELIVERY.NEXT_AT, DELIVERY.ID).limit(limit)}: binds now, then the limit.
   */
  static final String DUE = DELIVERY_COLUMNS + "where (delivery.status = 'PENDING' and delivery.next_at <= ?) "
      + "order by delivery.next_at, delivery.id limit ?";

  /**
   * {@code select(DELIVERY.NEXT_AT).from(DELIVERY).where(DELIVERY.STATUS.eq(inline("PENDING")))
   * .and(DELIVERY.NEXT_AT.gt(now)).orderBy(DELIVERY.NEXT_AT).limit(inline(1))}: binds now.
   */
  static final String NEXT_DUE = "select delivery.next_at from delivery where (delivery.status = 'PENDING' and "
      + "delivery.next_at > ?) order by delivery.next_at limit 1";

  /** {@code selectFrom(DELIVERY).where(DELIVERY.JOB_ID.eq(id)).orderBy(DELIVERY.ID)}: binds the job id. */
  static final String FOR_JOB = DELIVERY_COLUMNS + "where delivery.job_id = ? order by delivery.id";

  /** {@code selectCount().from(DELIVERY).where(DELIVERY.STATUS.eq(inline(status)))}, PENDING then FAILED. */
  static final List<String> COUNT = List.of(
      "select count(*) from delivery where delivery.status = 'PENDING'",
      "select count(*) from delivery where delivery.status = 'FAILED'");

  static List<Hook> hooks(Connection c) throws SQLException {
    List<Hook> out = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(HOOKS); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(decoded(() -> HookRows.toHook(rs)));
      }
    }
    return out;
  }

  static List<Delivery> due(Connection c, Instant now, int limit) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(DUE)) {
      st.setLong(1, now.toEpochMilli());
      st.setInt(2, limit);
      return deliveries(st);
    }
  }

  static Optional<Instant> nextDueAfter(Connection c, Instant now) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(NEXT_DUE)) {
      st.setLong(1, now.toEpochMilli());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
      }
    }
  }

  static List<Delivery> forJob(Connection c, JobId id) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(FOR_JOB)) {
      st.setLong(1, id.value());
      return deliveries(st);
    }
  }

  static long count(Connection c, int which) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(COUNT.get(which)); ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static List<Delivery> deliveries(PreparedStatement st) throws SQLException {
    List<Delivery> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(decoded(() -> HookRows.toDelivery(rs)));
      }
    }
    return out;
  }

  private interface RowRead<T> {
    T read() throws SQLException;
  }

  /** A row that cannot be decoded fails the read with a CORRUPT store exception naming it. */
  private static <T> T decoded(RowRead<T> read) throws SQLException {
    try {
      return read.read();
    } catch (Columns.Undecodable e) {
      throw new dev.lifeline.StoreException(dev.lifeline.StoreException.Kind.CORRUPT,
          "the outbox cannot be read: " + e.getMessage(), null);
    }
  }
}
