package dev.lifeline.sqlite;

import dev.lifeline.Delivery;
import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobId;
import dev.lifeline.spi.OutboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox in the tables {@code hook} and {@code delivery} (schema version 5). Deliveries are written by the store's
 * own compare-and-set transactions ({@link WriteStatements#writeDeliveries}); here are the hooks, the reads and the
 * record of each try, each one {@code BEGIN IMMEDIATE} transaction or one read. A file older than version 5, opened
 * to read only, has no hooks and no deliveries. Thread-safe.
 */
final class SqliteOutbox implements OutboxStore {

  private final Database db;

  SqliteOutbox(Database db) {
    this.db = db;
  }

  private boolean old() {
    return db.openedVersion() < 5;
  }

  @Override
  public boolean keepsHooks() {
    return true;
  }

  @Override
  public Hook addHook(HookTrigger on, String group, HookTarget target, String actor, Instant at) {
    Objects.requireNonNull(on, "on");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    if (group != null) {
      dev.lifeline.JobSpec.checkGroupName(group);
    }
    db.requireLatest();
    String who = actor == null ? null : CountedStrings.wellFormed(actor);
    if (!CountedStrings.isWellFormed(HookRows.text(target))) {
      throw new IllegalArgumentException("the hook's target is not valid Unicode (it has an unpaired surrogate), so "
          + "it cannot be stored.");
    }
    Instant when = JobRows.millis(at);
    long id = db.write(w -> w.insertHook(on, group, target, who, when));
    return new Hook(id, on, group, target, who, when);
  }

  @Override
  public List<Hook> hooks() {
    return old() ? List.of() : db.read(OutboxStatements::hooks);
  }

  @Override
  public boolean removeHook(long id) {
    db.requireLatest();
    return db.write(w -> w.deleteHook(id));
  }

  @Override
  public List<Delivery> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return old() ? List.of() : db.read(c -> OutboxStatements.due(c, now, limit));
  }

  @Override
  public Optional<Instant> nextDueAfter(Instant now) {
    Objects.requireNonNull(now, "now");
    return old() ? Optional.empty() : db.read(c -> OutboxStatements.nextDueAfter(c, now));
  }

  @Override
  public List<Delivery> forJob(JobId id) {
    Objects.requireNonNull(id, "id");
    return old() ? List.of() : db.read(c -> OutboxStatements.forJob(c, id));
  }

  @Override
  public boolean record(Delivery tried) {
    Objects.requireNonNull(tried, "tried");
    db.requireLatest();
    String error = tried.lastError() == null ? null : CountedStrings.wellFormed(tried.lastError());
    Delivery clean = error == null || error.equals(tried.lastError()) ? tried
        : new Delivery(tried.id(), tried.jobId(), tried.attempt(), tried.from(), tried.state(), tried.event(),
            tried.reason(), tried.exitCode(), tried.source(), tried.target(), tried.status(), tried.tries(),
            tried.nextAt(), error, tried.createdAt(), tried.finishedAt());
    return db.write(w -> w.recordTry(clean));
  }

  @Override
  public Counts counts() {
    if (old()) {
      return new Counts(0, 0);
    }
    return db.read(c -> new Counts(OutboxStatements.count(c, 0), OutboxStatements.count(c, 1)));
  }
}
