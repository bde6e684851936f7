package dev.lifeline.supervisor;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.UnreadableRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link JobStore} that passes every call on to another and counts, per method, the calls and the rows they
 * returned: what a pass costs in statements and rows, whatever the store underneath. Thread-safe.
 */
public final class CountingJobStore implements JobStore {

  private final JobStore real;
  private final Map<String, Long> calls = new TreeMap<>();
  private final Map<String, Long> rows = new TreeMap<>();

  /** Counts the calls to {@code real}. */
  public CountingJobStore(JobStore real) {
    this.real = real;
  }

  /** Calls and rows per method since the last {@link #reset()}, as "method: calls calls, rows rows". */
  public synchronized Map<String, String> tally() {
    Map<String, String> out = new TreeMap<>();
    calls.forEach((m, n) -> out.put(m, n + " calls, " + rows.getOrDefault(m, 0L) + " rows"));
    return out;
  }

  /** Forgets what was counted. */
  public synchronized void reset() {
    calls.clear();
    rows.clear();
  }

  private synchronized <T> T counted(String method, T result, long returned) {
    calls.merge(method, 1L, Long::sum);
    rows.merge(method, returned, Long::sum);
    return result;
  }

  private <T> List<T> counted(String method, List<T> result) {
    return counted(method, result, result.size());
  }

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    return counted("insert", real.insert(spec, idempotencyKey, now, actor), 1);
  }

  @Override
  public Optional<Job> find(JobId id) {
    Optional<Job> found = real.find(id);
    return counted("find", found, found.isPresent() ? 1 : 0);
  }

  @Override
  public List<Job> list(JobQuery query) {
    return counted("list", real.list(query));
  }

  @Override
  public List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> unreadable) {
    return counted("listReadable", real.listReadable(query, unreadable));
  }

  @Override
  public List<Job> listRetryable(int limit, Consumer<UnreadableRow> unreadable) {
    return counted("listRetryable", real.listRetryable(limit, unreadable));
  }

  @Override
  public List<Job> listClaimable(Instant now, int limit, Consumer<UnreadableRow> unreadable) {
    return counted("listClaimable", real.listClaimable(now, limit, unreadable));
  }

  @Override
  public long count(JobState state) {
    return counted("count", real.count(state), 1);
  }

  @Override
  public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
    Optional<Job> claimed = real.claimNext(now, maxConcurrent, start);
    return counted("claimNext", claimed, claimed.isPresent() ? 1 : 0);
  }

  @Override
  public List<Job> claimAll(Instant now, int maxConcurrent, int limit, ClaimDecider start) {
    return counted("claimAll", real.claimAll(now, maxConcurrent, limit, start));
  }

  @Override
  public List<Boolean> compareAndSetAll(List<Swap> swaps) {
    return counted("compareAndSetAll", real.compareAndSetAll(swaps));
  }

  @Override
  public boolean compareAndSet(Job expected, Job next, Transition transition) {
    return counted("compareAndSet", real.compareAndSet(expected, next, transition), 1);
  }

  @Override
  public List<Transition> history(JobId id) {
    return counted("history", real.history(id));
  }

  @Override
  public Map<JobState, Long> counts() {
    return counted("counts", real.counts(), JobState.values().length);
  }

  @Override
  public LeaseStore leases() {
    return real.leases();
  }

  @Override
  public boolean signalsChanges() {
    return real.signalsChanges();
  }

  @Override
  public boolean awaitChange(Duration timeout) throws InterruptedException {
    return real.awaitChange(timeout);
  }

  @Override
  public void close() {
    real.close();
  }
}
