package dev.lifeline.sqlite;

import static dev.lifeline.sqlite.db.Tables.SUPERVISOR_LEASE;

import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.sqlite.db.tables.records.SupervisorLeaseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jooq.Result;

/**
 * The supervisor lease as the single row ({@code id = 1}) of {@code supervisor_lease}. Acquiring reads and writes
 * inside one {@code BEGIN IMMEDIATE} transaction, so two processes cannot both take it. Thread-safe.
 */
final class SqliteLeases implements LeaseStore {

  private static final long ROW = 1L;

  private final Database db;

  SqliteLeases(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Lease> current() {
    Result<SupervisorLeaseRecord> rows = db.read(dsl -> dsl.selectFrom(SUPERVISOR_LEASE)
        .where(SUPERVISOR_LEASE.ID.eq(ROW)).fetch());
    return rows.isEmpty() ? Optional.empty() : Optional.of(toLease(rows.get(0)));
  }

  @Override
  public Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter,
      Predicate<Lease> holderIsGone) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(holderIsGone, "holderIsGone");
    Instant at = JobRows.millis(now);
    return db.write(tx -> {
      Result<SupervisorLeaseRecord> rows = tx.selectFrom(SUPERVISOR_LEASE).where(SUPERVISOR_LEASE.ID.eq(ROW)).fetch();
      Lease held = rows.isEmpty() ? null : toLease(rows.get(0));
      boolean same = held != null && held.holder().equals(candidate.holder());
      boolean free = held == null
          || same
          || Duration.between(held.heartbeat(), now).compareTo(staleAfter) > 0
          || holderIsGone.test(held);
      if (!free) {
        return Optional.<Lease>empty();
      }
      Lease taken = new Lease(candidate.holder(), candidate.host(), candidate.pid(),
          same ? held.acquiredAt() : at, at);
      if (held == null) {
        tx.insertInto(SUPERVISOR_LEASE)
            .set(SUPERVISOR_LEASE.ID, ROW)
            .set(SUPERVISOR_LEASE.HOLDER, taken.holder())
            .set(SUPERVISOR_LEASE.HOST, taken.host())
            .set(SUPERVISOR_LEASE.PID, taken.pid())
            .set(SUPERVISOR_LEASE.ACQUIRED_AT, taken.acquiredAt())
            .set(SUPERVISOR_LEASE.HEARTBEAT, taken.heartbeat())
            .execute();
      } else {
        tx.update(SUPERVISOR_LEASE)
            .set(SUPERVISOR_LEASE.HOLDER, taken.holder())
            .set(SUPERVISOR_LEASE.HOST, taken.host())
            .set(SUPERVISOR_LEASE.PID, taken.pid())
            .set(SUPERVISOR_LEASE.ACQUIRED_AT, taken.acquiredAt())
            .set(SUPERVISOR_LEASE.HEARTBEAT, taken.heartbeat())
            .where(SUPERVISOR_LEASE.ID.eq(ROW))
            .execute();
      }
      return Optional.of(taken);
    });
  }

  @Override
  public boolean heartbeat(String holder, Instant now) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(now, "now");
    return db.write(tx -> tx.update(SUPERVISOR_LEASE)
        .set(SUPERVISOR_LEASE.HEARTBEAT, JobRows.millis(now))
        .where(SUPERVISOR_LEASE.ID.eq(ROW))
        .and(SUPERVISOR_LEASE.HOLDER.eq(holder))
        .execute()) == 1;
  }

  @Override
  public void release(String holder) {
    Objects.requireNonNull(holder, "holder");
    db.write(tx -> tx.deleteFrom(SUPERVISOR_LEASE)
        .where(SUPERVISOR_LEASE.ID.eq(ROW))
        .and(SUPERVISOR_LEASE.HOLDER.eq(holder))
        .execute());
  }

  private static Lease toLease(SupervisorLeaseRecord r) {
    return new Lease(r.getHolder(), r.getHost(), r.getPid(), r.getAcquiredAt(), r.getHeartbeat());
  }
}
