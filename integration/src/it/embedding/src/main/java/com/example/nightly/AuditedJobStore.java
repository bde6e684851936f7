package com.example.nightly;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.testing.InMemoryJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user's own store: it keeps rows in an {@link InMemoryJobStore} and counts the writes that went through, the
 * way a real one might add auditing. Thread-safe, as the delegate is.
 */
public final class AuditedJobStore implements JobStore {

  private final InMemoryJobStore rows = new InMemoryJobStore();
  private final AtomicLong writes = new AtomicLong();

  /** How many inserts, claims and compare-and-sets changed a row. */
  public long writes() {
    return writes.get();
  }

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    Inserted inserted = rows.insert(spec, idempotencyKey, now, actor);
    if (inserted.created()) {
      writes.incrementAndGet();
    }
    return inserted;
  }

  @Override
  public Optional<Job> find(JobId id) {
    return rows.find(id);
  }

  @Override
  public List<Job> list(JobQuery query) {
    return rows.list(query);
  }

  @Override
  public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
    Optional<Job> claimed = rows.claimNext(now, maxConcurrent, start);
    claimed.ifPresent(j -> writes.incrementAndGet());
    return claimed;
  }

  @Override
  public boolean compareAndSet(Job expected, Job next, Transition transition) {
    boolean written = rows.compareAndSet(expected, next, transition);
    if (written) {
      writes.incrementAndGet();
    }
    return written;
  }

  @Override
  public List<Transition> history(JobId id) {
    return rows.history(id);
  }

  @Override
  public Map<JobState, Long> counts() {
    return rows.counts();
  }

  @Override
  public LeaseStore leases() {
    return rows.leases();
  }

  @Override
  public void close() {
    rows.close();
  }
}
