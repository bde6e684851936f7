package dev.lifeline.sqlite;

import dev.lifeline.GroupSettings;
import dev.lifeline.spi.ControlChange;
import dev.lifeline.spi.ControlStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator controls in the tables {@code job_group}, {@code store_control} and {@code control_change} (schema
 * version 4). A change reads the current values and writes the new ones with one {@code control_change} row per
 * setting that changed, in one {@code BEGIN IMMEDIATE} transaction. A file older than version 4, opened to read only,
 * has no controls: no group configured, not drained. Thread-safe.
 */
final class SqliteControls implements ControlStore {

  private final Database db;

  SqliteControls(Database db) {
    this.db = db;
  }

  private boolean old() {
    return db.openedVersion() < 4;
  }

  @Override
  public Optional<GroupSettings> group(String name) {
    Objects.requireNonNull(name, "name");
    if (old()) {
      return Optional.empty();
    }
    return db.read(c -> ReadStatements.groups(c, name)).stream().findFirst();
  }

  @Override
  public List<GroupSettings> groups() {
    if (old()) {
      return List.of();
    }
    return db.read(c -> ReadStatements.groups(c, null));
  }

  @Override
  public boolean setGroup(GroupSettings settings, String actor, Instant at) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(at, "at");
    db.requireLatest();
    Instant when = JobRows.millis(at);
    String who = actor == null ? null : CountedStrings.wellFormed(actor);
    return db.write(w -> {
      GroupSettings old = w.group(settings.name()).orElse(GroupSettings.open(settings.name()));
      String target = "group " + settings.name();
      List<ControlChange> changes = new ArrayList<>();
      if (!Objects.equals(old.maxConcurrent(), settings.maxConcurrent())) {
        changes.add(new ControlChange(target, "maxConcurrent",
            settings.maxConcurrent() == null ? null : settings.maxConcurrent().toString(), who, when));
      }
      if (old.paused() != settings.paused()) {
        changes.add(new ControlChange(target, "paused", Boolean.toString(settings.paused()), who, when));
      }
      if (changes.isEmpty()) {
        return false;
      }
      w.putGroup(settings);
      changes.forEach(w::appendControlChange);
      return true;
    });
  }

  @Override
  public boolean draining() {
    return !old() && db.read(ReadStatements::draining);
  }

  @Override
  public boolean setDraining(boolean draining, String actor, Instant at) {
    Objects.requireNonNull(at, "at");
    db.requireLatest();
    String who = actor == null ? null : CountedStrings.wellFormed(actor);
    return db.write(w -> {
      if (w.draining() == draining) {
        return false;
      }
      w.putDraining(draining);
      w.appendControlChange(new ControlChange("store", "draining", Boolean.toString(draining), who,
          JobRows.millis(at)));
      return true;
    });
  }

  @Override
  public List<ControlChange> changes(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (old()) {
      return List.of();
    }
    return db.read(c -> ReadStatements.controlChanges(c, limit));
  }
}
