package dev.lifeline.spi;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where jobs and their history live. The store never decides a transition; it only records, atomically, what the
 * lifecycle decided, and only if the row is still what the decision was computed from.
 *
 * <p>The contract below is executable: {@code JobStoreContract}, in the artifact
 * {@code dev.lifeline:lifeline-core:<version>:contract} (README, "Using it from Maven"), checks every rule of this
 * page and of {@link LeaseStore}; subclass it in a test of your own store and implement {@code newStore()}.
 *
 * <h2>Rows and history</h2>
 * <ul>
 *   <li>A stored job and every history row read back are equal ({@code equals}) to what was written: every field,
 *       every character of the spec (argv elements in order, including empty ones, quotes, newlines, control
 *       characters and any Unicode; env names and values; the cwd; the verifiers in order, with their arguments),
 *       the most extreme priority, attempt count and timeout a {@link JobSpec} allows, negative exit codes, and every
 *       {@link java.time.Instant} at millisecond precision (the callers only pass millisecond instants). Absent
 *       values ({@code null} cwd, timeout, idempotency key, detail, actor; empty env and verifiers) stay absent.
 *   <li>Each accepted change appends exactly one history row, the given {@link Transition}, in the same atomic step
 *       as the row; a refused one writes nothing at all.
 * </ul>
 *
 * <h2>{@link #insert}</h2>
 * <ul>
 *   <li>assigns a new positive id, distinct from every other, and stores the job QUEUED at version 0 with attempt 0,
 *       no session, exit code, failure or {@code notBefore}, and {@code createdAt = updatedAt = now};
 *   <li>writes the first history row in the same step: attempt 0, from {@code null} to QUEUED, event SUBMIT, no
 *       reason, the given actor (may be {@code null}), at {@code now};
 *   <li>keeps the idempotency key on the job. With a non-null key that is already stored it writes nothing and
 *       returns the existing job as it is now, whatever its state and whatever spec was passed
 *       ({@link Inserted#created()} is {@code false}); different keys, or no key, always create new jobs.
 * </ul>
 *
 * <h2>{@link #compareAndSet}</h2>
 * Writes {@code next} and appends {@code transition} atomically if and only if the stored row has
 * {@code expected.state()} and {@code expected.version()}; otherwise, and for an unknown id, it returns
 * {@code false} and writes nothing. {@code next.version()} is {@code expected.version() + 1}, so of several writers
 * holding the same snapshot (threads or processes) exactly one wins and the others get {@code false}.
 *
 * <h2>{@link #claimNext}</h2>
 * <ul>
 *   <li>When {@code maxConcurrent} or more jobs are PROCESSING (VERIFICATION does not count), nothing is offered and
 *       nothing is written. Otherwise candidates are the QUEUED jobs (never any other state) whose
 *       {@code notBefore} is absent or not after {@code now} (a job waiting for its backoff is never offered, even
 *       if its priority is higher), offered one at a time in {@link ClaimOrder}: priority highest first, then
 *       {@code createdAt} oldest first (at millisecond precision), then id lowest first. {@link ClaimOrder} is that
 *       rule as code, for stores that sort in Java.
 *   <li>{@code start} receives the candidate as stored and the number of PROCESSING jobs; the change it returns is
 *       written exactly like {@link #compareAndSet} and the job as written is returned. A candidate for which it
 *       returns empty is skipped and left untouched, and the next is offered; when every candidate is skipped,
 *       nothing is claimed or written.
 *   <li>No job is ever claimed twice, across threads or processes claiming at the same time.
 * </ul>
 *
 * <h2>Reads</h2>
 * {@link #find}, {@link #list}, {@link #listRetryable}, {@link #listClaimable}, {@link #history}, {@link #counts},
 * {@link #count} and {@code leases().current()} never change anything. {@link #list} is newest first (highest id
 * first), filtered by the query's states and cut at its limit; {@link #history} is oldest first; an unknown id has no
 * job and an empty history; {@link #counts} has every state as a key, 0 when there is none, and {@link #count} of a
 * state equals its entry there. {@link #listRetryable} is exactly the jobs {@link RetryRule} allows, lowest id
 * first, cut at its limit; {@link #listClaimable} is exactly the QUEUED jobs {@link ClaimOrder#isCandidate} allows
 * at {@code now}, in {@link ClaimOrder}, cut at its limit. Both are what a supervisor's pass reads, so a store should
 * answer them at a cost that follows the rows returned, not the jobs that ended long ago; the
 * defaults are correct for any store but read every row of the state.
 *
 * <h2>Failures and closing</h2>
 * Failures to reach the storage are {@link dev.lifeline.StoreException}s with a one-sentence message.
 * {@link #close} is idempotent.
 *
 * <p>Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Stores a new QUEUED job as {@link Job#queued} makes it (or returns the one already stored under
   * {@code idempotencyKey}, not created); the SUBMIT history row records {@code actor} (may be {@code null}). Every
   * job {@link JobSpec#after()} names must be stored already, checked atomically with the insert: so no job ever
   * waits for one that does not exist, and no cycle can form.
   *
   * @param spec what to run
   * @param idempotencyKey a key the same submission always carries, or {@code null} for none
   * @param now the submission time: {@code createdAt}, {@code updatedAt} and the SUBMIT row's time
   * @param actor who submitted, recorded on the SUBMIT row, or {@code null}
   * @return the stored job, and whether this call created it
   * @throws dev.lifeline.JobNotFoundException when {@code spec.after()} names a job this store does not hold;
   *     nothing is written
   */
  Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor);

  /**
   * {@link #insert(JobSpec, String, Instant, String)} with no actor.
   *
   * @param spec what to run
   * @param idempotencyKey a key the same submission always carries, or {@code null} for none
   * @param now the submission time
   * @return the stored job, and whether this call created it
   */
  default Inserted insert(JobSpec spec, String idempotencyKey, Instant now) {
    return insert(spec, idempotencyKey, now, null);
  }

  /**
   * The job as stored now. Never writes.
   *
   * @param id the job's id
   * @return the job, or empty for an unknown id
   */
  Optional<Job> find(JobId id);

  /**
   * Jobs matching {@code query}, newest first (highest id first). Never writes.
   *
   * @param query the states to include (all when empty) and the limit
   * @return the matching jobs, newest first, at most the query's limit
   * @throws dev.lifeline.StoreException of kind CORRUPT, naming the row, when a matching row cannot be decoded
   */
  List<Job> list(JobQuery query);

  /**
   * Like {@link #list}, but a matching row that cannot be decoded is reported to {@code unreadable} and left out
   * instead of failing the whole read: the supervisor uses this so one damaged row never stops the others. The
   * default implementation is {@link #list} (a store whose rows always decode has nothing to report).
   *
   * @param query the states to include (all when empty) and the limit
   * @param unreadable told about each matching row that cannot be decoded
   * @return the matching jobs that could be read, newest first
   */
  default List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> unreadable) {
    return list(query);
  }

  /**
   * The FAILED jobs a RETRY may re-queue ({@link RetryRule#allows}), lowest id first, at most {@code limit}; a
   * matching row that cannot be decoded is reported to {@code unreadable} and left out. Never writes. The default
   * filters {@link #listReadable} of every FAILED job; a store with much history should answer from an index.
   *
   * @param limit the most rows to return, at least 1
   * @param unreadable told about each matching row that cannot be decoded
   * @return the retryable jobs, oldest first
   */
  default List<Job> listRetryable(int limit, Consumer<UnreadableRow> unreadable) {
    return listReadable(new JobQuery(Set.of(JobState.FAILED), Integer.MAX_VALUE), unreadable).stream()
        .filter(RetryRule::allows)
        .sorted(Comparator.comparing(Job::id))
        .limit(positive(limit))
        .toList();
  }

  /**
   * The QUEUED jobs that are claim candidates at {@code now} ({@link ClaimOrder#isCandidate}), in {@link
   * ClaimOrder}, at most {@code limit}; a matching row that cannot be decoded is reported to {@code unreadable} and
   * left out. Never writes. The default sorts {@link #listReadable} of every QUEUED job.
   *
   * @param now jobs whose {@code notBefore} is after it are left out
   * @param limit the most rows to return, at least 1
   * @param unreadable told about each matching row that cannot be decoded
   * @return the candidates, the next to be claimed first
   */
  default List<Job> listClaimable(Instant now, int limit, Consumer<UnreadableRow> unreadable) {
    return listReadable(new JobQuery(Set.of(JobState.QUEUED), Integer.MAX_VALUE), unreadable).stream()
        .filter(j -> ClaimOrder.isCandidate(j, now))
        .sorted(ClaimOrder.comparator())
        .limit(positive(limit))
        .toList();
  }

  /**
   * The jobs whose {@link dev.lifeline.JobSpec#after()} names {@code id}, lowest id first. Never writes. The default
   * filters every job; a store should answer from an index.
   *
   * @param id the job waited for
   * @return the ids of the jobs waiting for it (in any state); empty when none
   */
  default List<JobId> dependents(JobId id) {
    Objects.requireNonNull(id, "id");
    return listReadable(new JobQuery(Set.of(), Integer.MAX_VALUE), row -> { }).stream()
        .filter(j -> j.spec().after().contains(id))
        .map(Job::id)
        .sorted()
        .toList();
  }

  /**
   * The QUEUED jobs of which at least one dependency ({@link dev.lifeline.JobSpec#after()}) is FAILED for good
   * ({@link dev.lifeline.TransitionTable#failedForGood}): ABANDON applies to them. Lowest id first, at most
   * {@code limit}; a matching row that cannot be decoded is reported to {@code unreadable} and left out. Never
   * writes. The default reads every QUEUED job and its dependencies; a store should answer from an index, so the
   * cost is that of the QUEUED jobs that wait for others.
   *
   * @param limit the most rows to return, at least 1
   * @param unreadable told about each matching row that cannot be decoded
   * @return the jobs to abandon, oldest first
   */
  default List<Job> listAbandonable(int limit, Consumer<UnreadableRow> unreadable) {
    positive(limit);
    List<Job> out = new ArrayList<>();
    for (Job j : listReadable(new JobQuery(Set.of(JobState.QUEUED), Integer.MAX_VALUE), unreadable).stream()
        .sorted(Comparator.comparing(Job::id)).toList()) {
      if (out.size() >= limit) {
        break;
      }
      for (JobId dep : j.spec().after()) {
        Optional<Job> d = find(dep);
        if (d.isPresent() && dev.lifeline.TransitionTable.failedForGood(d.get())) {
          out.add(j);
          break;
        }
      }
    }
    return out;
  }

  /**
   * How many jobs are in {@code state}. Never writes. The default is {@link #counts}{@code .get(state)}.
   *
   * @param state the state
   * @return the number of jobs in it
   */
  default long count(JobState state) {
    return counts().getOrDefault(state, 0L);
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

  /**
   * Claims up to {@code limit} QUEUED jobs as repeated {@link #claimNext} calls would, in as few write transactions
   * as this store can (the default: one per claim). The decider's {@code running} counts the jobs claimed earlier in
   * this call.
   *
   * @param now the time the claims are made at
   * @param maxConcurrent the most jobs that may be PROCESSING after the claims
   * @param limit the most jobs to claim
   * @param start decides START for each candidate
   * @return the claimed jobs as stored, in the order claimed
   * @throws IllegalArgumentException when {@code limit} is less than 1
   */
  default List<Job> claimAll(Instant now, int maxConcurrent, int limit, ClaimDecider start) {
    positive(limit);
    List<Job> claimed = new ArrayList<>();
    while (claimed.size() < limit) {
      Optional<Job> next = claimNext(now, maxConcurrent, start);
      if (next.isEmpty()) {
        break;
      }
      claimed.add(next.get());
    }
    return claimed;
  }

  /**
   * Writes {@code next} and appends {@code transition} if the row still matches {@code expected}; see the contract.
   *
   * @param expected the snapshot the change was decided from (its state and version are compared)
   * @param next the row after the change, with {@code expected.version() + 1}
   * @param transition the history row that explains the change
   * @return {@code true} when written; {@code false}, with nothing written, when the row changed or is unknown
   */
  boolean compareAndSet(Job expected, Job next, Transition transition);

  /**
   * Applies each compare-and-set of {@code swaps} exactly as {@link #compareAndSet} would, in as few write
   * transactions as this store can (the default: one per swap). A swap whose row moved on is not applied and affects
   * no other swap.
   *
   * @param swaps the compare-and-sets, at most one per job
   * @return for each swap in the order given, whether it was applied
   * @throws IllegalArgumentException when two swaps name the same job, or a swap is not a valid change
   * @throws dev.lifeline.StoreException when the store failed; then any swap may or may not have been applied, each
   *     entirely (row and history row) or not at all
   */
  default List<Boolean> compareAndSetAll(List<Swap> swaps) {
    Swap.checkDistinct(swaps);
    List<Boolean> applied = new ArrayList<>(swaps.size());
    for (Swap s : swaps) {
      applied.add(compareAndSet(s.expected(), s.next(), s.transition()));
    }
    return applied;
  }

  /**
   * The job's history. Never writes.
   *
   * @param id the job's id
   * @return its transitions, oldest first (the SUBMIT row first); empty for an unknown id
   */
  List<Transition> history(JobId id);

  /**
   * How many jobs are in each state. Never writes.
   *
   * @return a count for every state, 0 when there is none
   */
  Map<JobState, Long> counts();

  /**
   * The supervisor lease of this store.
   *
   * @return the lease row's operations; their rules are on {@link LeaseStore}
   */
  LeaseStore leases();

  /**
   * The operator controls this store keeps: group settings and the drain. The default keeps none
   * ({@link ControlStore#NONE}).
   *
   * @return the controls
   */
  default ControlStore controls() {
    return ControlStore.NONE;
  }

  /**
   * The hooks this store keeps and its outbox of deliveries; see {@link OutboxStore} for the rules every write of
   * this store then follows. The default keeps none ({@link OutboxStore#NONE}): jobs with hooks are refused by the
   * lifecycle.
   *
   * @return the outbox
   */
  default OutboxStore outbox() {
    return OutboxStore.NONE;
  }

  /**
   * Whether {@link #awaitChange} can wake on a change made elsewhere: a supervisor waits on this store's signal
   * (next to its runtime's) only when this is {@code true}. The default is {@code false}.
   *
   * @return {@code true} when {@link #awaitChange} may return {@code true}
   */
  default boolean signalsChanges() {
    return false;
  }

  /**
   * Waits up to {@code timeout} for a change another store instance committed to the same data (another process's
   * {@code submit}, {@code cancel}, {@code retry}, {@code approve}, {@code reject}): so a waiting supervisor starts
   * work within milliseconds instead of at its next poll. Rules (checked by {@code JobStoreContract}):
   * <ul>
   *   <li>it returns (woken or not) within its timeout, and at once when the store is closed;
   *   <li>after another instance on the same data committed a change, it returns {@code true}, also when the change
   *       came while nobody waited (between two calls); each change wakes at least one call;
   *   <li>this instance's own writes do not wake it (a supervisor's own transitions, heartbeats and pass records
   *       would otherwise wake it in a loop), and reads never do.
   * </ul>
   *
   * @param timeout the longest wait
   * @return {@code true} when woken by a change, {@code false} on timeout; the default returns {@code false} at once
   *     and the caller falls back to its poll interval
   * @throws InterruptedException when the waiting thread is interrupted
   */
  default boolean awaitChange(java.time.Duration timeout) throws InterruptedException {
    return false;
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return limit;
  }

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
   * One compare-and-set of {@link #compareAndSetAll}: {@code expected} becomes {@code next}, recorded by
   * {@code transition}.
   *
   * @param expected the row as last read
   * @param next the row after the change, with version + 1
   * @param transition the history row
   */
  record Swap(Job expected, Job next, Transition transition) {
    /** Checks that every part is present. */
    public Swap {
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(next, "next");
      Objects.requireNonNull(transition, "transition");
    }

    /**
     * Refuses a batch that names a job twice: the second swap could only have expected what the first wrote.
     *
     * @param swaps the batch
     * @throws IllegalArgumentException when two swaps name the same job
     */
    public static void checkDistinct(List<Swap> swaps) {
      Set<JobId> seen = new HashSet<>();
      for (Swap s : swaps) {
        if (!seen.add(s.expected().id())) {
          throw new IllegalArgumentException("job " + s.expected().id() + " appears twice in one batch");
        }
      }
    }
  }

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
