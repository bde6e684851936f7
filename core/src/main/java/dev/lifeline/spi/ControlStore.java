package dev.lifeline.spi;

import dev.lifeline.GroupSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator controls a store keeps beside its jobs: each group's settings ({@link GroupSettings}) and whether the
 * store is drained (a supervisor starts nothing new and exits once its running work has ended). Every change that
 * changes a value is recorded as a {@link ControlChange} in the same transaction; setting a value it already has
 * records nothing. Reached through {@link JobStore#controls()}; rules checked by {@code JobStoreContract}.
 *
 * <p>Implementations are thread-safe.
 */
public interface ControlStore {

  /**
   * A group's stored settings.
   *
   * @param name the group
   * @return its settings, or empty when no one has configured it (then {@link GroupSettings#open} applies)
   */
  Optional<GroupSettings> group(String name);

  /**
   * Every group with stored settings, by name.
   *
   * @return the configured groups
   */
  List<GroupSettings> groups();

  /**
   * Stores a group's settings, recording each setting that changed.
   *
   * @param settings the new settings
   * @param actor who changes them, or {@code null}
   * @param at when
   * @return {@code true} when something changed
   */
  boolean setGroup(GroupSettings settings, String actor, Instant at);

  /**
   * Whether the store is drained.
   *
   * @return {@code true} between {@code setDraining(true)} and {@code setDraining(false)}
   */
  boolean draining();

  /**
   * Drains the store or ends the drain, recording the change.
   *
   * @param draining {@code true} to drain
   * @param actor who, or {@code null}
   * @param at when
   * @return {@code true} when it changed
   */
  boolean setDraining(boolean draining, String actor, Instant at);

  /**
   * The recorded changes, newest first.
   *
   * @param limit the most to return, at least 1
   * @return the changes
   */
  List<ControlChange> changes(int limit);

  /** The controls of a store that keeps none: no group configured, never drained; every change is refused. */
  ControlStore NONE = new ControlStore() {
    @Override
    public Optional<GroupSettings> group(String name) {
      return Optional.empty();
    }

    @Override
    public List<GroupSettings> groups() {
      return List.of();
    }

    @Override
    public boolean setGroup(GroupSettings settings, String actor, Instant at) {
      throw new UnsupportedOperationException("this store keeps no group settings");
    }

    @Override
    public boolean draining() {
      return false;
    }

    @Override
    public boolean setDraining(boolean draining, String actor, Instant at) {
      throw new UnsupportedOperationException("this store cannot be drained");
    }

    @Override
    public List<ControlChange> changes(int limit) {
      return List.of();
    }
  };
}
