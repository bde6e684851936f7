package dev.lifeline.sqlite;

import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.PassRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The supervisor lease as the single row ({@code id = 1}) of {@code supervisor_lease}, with how the holder's latest
 * pass ended (schema version 2's {@code last_pass_*} columns). Acquiring reads and writes inside one
 * {@code BEGIN IMMEDIATE} transaction, so two processes cannot both take it; releasing deletes the row and with it
 * the pass record. Thread-safe.
 */
final class SqliteLeases implements LeaseStore {

  private final Database db;

  SqliteLeases(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Lease> current() {
    return db.read(c -> ReadStatements.lease(c, db.failures()));
  }

  @Override
  public Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter,
      Predicate<Lease> holderIsGone) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(holderIsGone, "holderIsGone");
    Instant at = JobRows.millis(now);
    return db.write(w -> {
      Lease held = w.lease().orElse(null);
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
      w.putLease(taken, held != null);
      return Optional.of(taken);
    });
  }

  @Override
  public boolean heartbeat(String holder, Instant now) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(now, "now");
    return db.write(w -> w.heartbeat(holder, JobRows.millis(now))) == 1;
  }

  @Override
  public void release(String holder) {
    Objects.requireNonNull(holder, "holder");
    db.write(w -> {
      w.releaseLease(holder);
      return null;
    });
  }

  @Override
  public void recordPass(String holder, Instant at, String problem) {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(at, "at");
    String storable = problem == null ? null : CountedStrings.wellFormed(problem);
    db.write(w -> w.recordPass(holder, JobRows.millis(at), storable));
  }

  /** Empty on a file opened at schema version 1 (read only, not migrated), which has no pass record. */
  @Override
  public Optional<PassRecord> lastPass() {
    if (db.openedVersion() < 2) {
      return Optional.empty();
    }
    return db.read(c -> ReadStatements.lastPass(c, db.failures()));
  }
}
