package dev.lifeline.spi;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where jobs and their history live. The store never decides a transition; it only records, atomically, what the
 * lifecycle decided, and only if the row is still what the decision was computed from.
 *
 * <p>Contract (checked by {@code JobStoreContract} in core's test-jar, which every implementation must pass):
 *
 * <ul>
 *   <li>{@link #insert} assigns a new positive id, stores the job QUEUED at version 0 and writes its first history
 *       row (from {@code null}, event SUBMIT, the given actor) in one atomic step. With a non-null idempotency key that is already
 *       stored, it writes nothing and returns the existing job, whatever its state.
 *   <li>{@link #compareAndSet} writes {@code next} and appends {@code transition} atomically, if and only if the
 *       stored row has {@code expected.state()} and {@code expected.version()}; it returns {@code false} and writes
 *       nothing otherwise. {@code next.version()} must be {@code expected.version() + 1}.
 *   <li>{@link #claimNext} picks, atomically, the first QUEUED job by priority (highest first), then creation time,
 *       then id, whose {@code notBefore} is absent or not after {@code now}, offers it to {@code start}, and writes the
 *       change it returns exactly like {@link #compareAndSet}. A candidate for which {@code start} returns empty is
 *       skipped. No job is ever claimed twice, across threads or processes; nothing is claimed when
 *       {@code maxConcurrent} jobs are already PROCESSING.
 *   <li>Reads ({@link #find}, {@link #list}, {@link #history}, {@link #counts}) never change anything.
 *   <li>Failures to reach the storage are {@link dev.lifeline.StoreException}s with a one-sentence message.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Stores a new QUEUED job (or returns the one already stored under {@code idempotencyKey}, not created); the
   * SUBMIT history row records {@code actor} (may be {@code null}).
   */
  Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor);

  /** {@link #insert(JobSpec, String, Instant, String)} with no actor. */
  default Inserted insert(JobSpec spec, String idempotencyKey, Instant now) {
    return insert(spec, idempotencyKey, now, null);
  }

  Optional<Job> find(JobId id);

  /**
   * Jobs matching {@code query}, newest first (highest id first).
   *
   * @throws dev.lifeline.StoreException of kind CORRUPT, naming the row, when a matching row cannot be decoded
   */
  List<Job> list(JobQuery query);

  /**
   * Like {@link #list}, but a matching row that cannot be decoded is reported to {@code unreadable} and left out
   * instead of failing the whole read: the supervisor uses this so one damaged row never stops the others. The
   * default implementation is {@link #list} (a store whose rows always decode has nothing to report).
   */
  default List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> unreadable) {
    return list(query);
  }

  /**
   * Claims the next startable job; see the class contract.
   *
   * @param now the decision time; jobs with {@code notBefore} after it are not candidates
   * @param maxConcurrent nothing is claimed while this many jobs are PROCESSING
   * @param start computes the START change for a candidate, or empty to skip it; called inside the store's write
   *     lock, so it must be quick and pure
   * @return the job as written, or empty when nothing was claimed
   */
  Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start);

  /** Writes {@code next} and appends {@code transition} if the row still matches {@code expected}; see the contract. */
  boolean compareAndSet(Job expected, Job next, Transition transition);

  /** The job's transitions, oldest first; empty for an unknown id. */
  List<Transition> history(JobId id);

  /** How many jobs are in each state; every state is a key (0 when none). */
  Map<JobState, Long> counts();

  /** The supervisor lease of this store. */
  LeaseStore leases();

  /** Releases connections and files. Idempotent. */
  @Override
  void close();

  /**
   * A decided change: the next snapshot and the history row that explains it.
   *
   * @param next the row after the change, with version + 1
   * @param transition the history row
   */
  record Change(Job next, Transition transition) {}

  /**
   * The result of {@link #insert}.
   *
   * @param job the stored job
   * @param created {@code false} when the idempotency key was already used and {@code job} is the earlier one
   */
  record Inserted(Job job, boolean created) {}

  /** Decides START for a claim candidate, inside the store's write lock. */
  @FunctionalInterface
  interface ClaimDecider {
    /**
     * @param candidate the QUEUED job offered
     * @param running how many jobs are PROCESSING right now
     * @return the START change, or empty to skip this candidate
     */
    Optional<Change> decide(Job candidate, int running);
  }
}
