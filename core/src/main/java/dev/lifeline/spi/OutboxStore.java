package dev.lifeline.spi;

import dev.lifeline.Delivery;
import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.Job;
import dev.lifeline.JobHook;
import dev.lifeline.JobId;
import dev.lifeline.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hooks a store keeps for all jobs or a group's, and its outbox of {@link Delivery deliveries}. Reached through
 * {@link JobStore#outbox()}; rules checked by {@code JobStoreContract}:
 * <ul>
 *   <li>Every change a store writes ({@link JobStore#insert} of a new job, {@link JobStore#compareAndSet},
 *       {@link JobStore#compareAndSetAll}, {@link JobStore#claimNext}, {@link JobStore#claimAll}) writes, in the
 *       same atomic step, the deliveries {@link #calledFor} gives for it against the hooks stored at that moment;
 *       a refused change writes none.
 *   <li>A new delivery is PENDING, never tried, due at the change's time; its id is positive and distinct.
 *   <li>{@link #due} is the PENDING deliveries due at {@code now}, earliest due first (then lowest id);
 *       {@link #record} applies one try only to a delivery still PENDING with one try fewer, so two writers never
 *       both count the same try; DELIVERED and FAILED deliveries are never due again.
 *   <li>Removing a hook stops new deliveries; those already written stay.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface OutboxStore {

  /**
   * Whether this store keeps hooks and deliveries at all; {@link #NONE} does not.
   *
   * @return {@code true} when hooks can be added and per-job hooks are delivered
   */
  boolean keepsHooks();

  /**
   * Stores a hook.
   *
   * @param on which changes call it
   * @param group the group whose jobs it is for, or {@code null} for all
   * @param target what it calls
   * @param actor who adds it, or {@code null}
   * @param at when
   * @return the stored hook, with its new id
   * @throws UnsupportedOperationException when the store {@linkplain #keepsHooks() keeps no hooks}
   */
  Hook addHook(HookTrigger on, String group, HookTarget target, String actor, Instant at);

  /**
   * The stored hooks, lowest id first.
   *
   * @return the hooks
   */
  List<Hook> hooks();

  /**
   * Removes a hook; the deliveries it called for stay.
   *
   * @param id the hook's id
   * @return {@code false} when there is no such hook
   */
  boolean removeHook(long id);

  /**
   * The PENDING deliveries due at {@code now}, earliest due first, then lowest id. Never writes.
   *
   * @param now deliveries due later are left out
   * @param limit the most to return, at least 1
   * @return the due deliveries
   */
  List<Delivery> due(Instant now, int limit);

  /**
   * When the earliest PENDING delivery due after {@code now} is due (a delivery waiting for its next try). Never
   * writes.
   *
   * @param now the deliveries due at or before it are left out
   * @return its time, or empty when none is PENDING after {@code now}
   */
  Optional<Instant> nextDueAfter(Instant now);

  /**
   * A job's deliveries, oldest first. Never writes.
   *
   * @param id the job
   * @return its deliveries; empty for an unknown id
   */
  List<Delivery> forJob(JobId id);

  /**
   * Records one try of a delivery: {@code tried} is the delivery as read with {@link Delivery#tried} applied.
   *
   * @param tried the delivery after the try (status, tries, nextAt, lastError, finishedAt are written)
   * @return {@code true} when written; {@code false}, with nothing written, when the stored delivery is no longer
   *     PENDING with {@code tried.tries() - 1} tries, or unknown
   */
  boolean record(Delivery tried);

  /**
   * How many deliveries wait and how many were given up. Never writes.
   *
   * @return the counts
   */
  Counts counts();

  /**
   * The undelivered and given-up deliveries of a store.
   *
   * @param pending PENDING: not delivered yet
   * @param failed FAILED: given up after the last allowed try
   */
  record Counts(long pending, long failed) {}

  /**
   * The deliveries a change calls for, in order: the job's own hooks ({@link dev.lifeline.JobSpec#hooks()}, source
   * {@code job}) in the order given, then {@code storeHooks} (source {@code hook <id>}) in the order given. Pure;
   * every store writes exactly these.
   *
   * @param next the job as the change writes it
   * @param transition the change's history row
   * @param storeHooks the store's hooks at the time of the change
   * @return the PENDING deliveries to write (id 0: the store gives ids)
   */
  static List<Delivery> calledFor(Job next, Transition transition, List<Hook> storeHooks) {
    List<Delivery> out = new ArrayList<>();
    for (JobHook h : next.spec().hooks()) {
      if (h.on().matches(next, transition)) {
        out.add(Delivery.pending(next, transition, "job", h.target()));
      }
    }
    for (Hook h : storeHooks) {
      if (h.matches(next, transition)) {
        out.add(Delivery.pending(next, transition, "hook " + h.id(), h.target()));
      }
    }
    return out;
  }

  /** The outbox of a store that keeps none: no hooks, nothing ever due; adding a hook is refused. */
  OutboxStore NONE = new OutboxStore() {
    @Override
    public boolean keepsHooks() {
      return false;
    }

    @Override
    public Hook addHook(HookTrigger on, String group, HookTarget target, String actor, Instant at) {
      throw new UnsupportedOperationException("this store keeps no hooks");
    }

    @Override
    public List<Hook> hooks() {
      return List.of();
    }

    @Override
    public boolean removeHook(long id) {
      return false;
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
      return List.of();
    }

    @Override
    public Optional<Instant> nextDueAfter(Instant now) {
      return Optional.empty();
    }

    @Override
    public List<Delivery> forJob(JobId id) {
      return List.of();
    }

    @Override
    public boolean record(Delivery tried) {
      return false;
    }

    @Override
    public Counts counts() {
      return new Counts(0, 0);
    }
  };
}
