package dev.lifeline.testing;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.ClaimOrder;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.PassRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A {@link JobStore} in memory with the same compare-and-set semantics as a database: every write checks state and
 * version under one lock, and history is appended in the same step. Passes {@code JobStoreContract}. Thread-safe.
 */
public final class InMemoryJobStore implements JobStore {

  private final Object lock = new Object();
  private final TreeMap<Long, Job> jobs = new TreeMap<>();
  private final Map<Long, List<Transition>> history = new HashMap<>();
  private final Map<String, Long> keys = new HashMap<>();
  private long nextId = 1;
  private final MemoryLeases leases = new MemoryLeases();

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    synchronized (lock) {
      if (idempotencyKey != null && keys.containsKey(idempotencyKey)) {
        return new Inserted(jobs.get(keys.get(idempotencyKey)), false);
      }
      JobId id = JobId.of(nextId++);
      Job job = Job.queued(id, spec, idempotencyKey, now);
      jobs.put(id.value(), job);
      List<Transition> h = new ArrayList<>();
      h.add(new Transition(id, 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor, now));
      history.put(id.value(), h);
      if (idempotencyKey != null) {
        keys.put(idempotencyKey, id.value());
      }
      return new Inserted(job, true);
    }
  }

  @Override
  public Optional<Job> find(JobId id) {
    synchronized (lock) {
      return Optional.ofNullable(jobs.get(id.value()));
    }
  }

  @Override
  public List<Job> list(JobQuery query) {
    synchronized (lock) {
      List<Job> out = new ArrayList<>();
      for (Job j : jobs.descendingMap().values()) {
        if (query.matches(j.state())) {
          out.add(j);
          if (out.size() == query.limit()) {
            break;
          }
        }
      }
      return out;
    }
  }

  @Override
  public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
    synchronized (lock) {
      int running = (int) jobs.values().stream().filter(j -> j.state() == JobState.PROCESSING).count();
      if (running >= maxConcurrent) {
        return Optional.empty();
      }
      List<Job> candidates = jobs.values().stream()
          .filter(j -> ClaimOrder.isCandidate(j, now))
          .sorted(ClaimOrder.comparator())
          .toList();
      for (Job candidate : candidates) {
        Optional<Change> change = start.decide(candidate, running);
        if (change.isPresent() && write(candidate, change.get().next(), change.get().transition())) {
          return Optional.of(change.get().next());
        }
      }
      return Optional.empty();
    }
  }

  @Override
  public boolean compareAndSet(Job expected, Job next, Transition transition) {
    synchronized (lock) {
      return write(expected, next, transition);
    }
  }

  private boolean write(Job expected, Job next, Transition transition) {
    if (!expected.id().equals(next.id()) || !expected.id().equals(transition.jobId())) {
      throw new IllegalArgumentException("expected, next and transition must be about the same job");
    }
    if (next.version() != expected.version() + 1) {
      throw new IllegalArgumentException("next.version must be expected.version + 1");
    }
    Job current = jobs.get(expected.id().value());
    if (current == null || current.state() != expected.state() || current.version() != expected.version()) {
      return false;
    }
    jobs.put(next.id().value(), next);
    history.get(next.id().value()).add(transition);
    return true;
  }

  @Override
  public List<Transition> history(JobId id) {
    synchronized (lock) {
      return List.copyOf(history.getOrDefault(id.value(), List.of()));
    }
  }

  @Override
  public Map<JobState, Long> counts() {
    synchronized (lock) {
      Map<JobState, Long> out = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        out.put(s, 0L);
      }
      for (Job j : jobs.values()) {
        out.merge(j.state(), 1L, Long::sum);
      }
      return out;
    }
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  @Override
  public void close() {}

  private final class MemoryLeases implements LeaseStore {
    private Lease lease;
    private PassRecord lastPass;

    @Override
    public Optional<Lease> current() {
      synchronized (lock) {
        return Optional.ofNullable(lease);
      }
    }

    @Override
    public Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter,
        Predicate<Lease> holderIsGone) {
      synchronized (lock) {
        boolean free = lease == null
            || lease.holder().equals(candidate.holder())
            || Duration.between(lease.heartbeat(), now).compareTo(staleAfter) > 0
            || holderIsGone.test(lease);
        if (!free) {
          return Optional.empty();
        }
        Instant acquired = lease != null && lease.holder().equals(candidate.holder()) ? lease.acquiredAt() : now;
        lease = new Lease(candidate.holder(), candidate.host(), candidate.pid(), acquired, now);
        return Optional.of(lease);
      }
    }

    @Override
    public boolean heartbeat(String holder, Instant now) {
      synchronized (lock) {
        if (lease == null || !lease.holder().equals(holder)) {
          return false;
        }
        lease = new Lease(lease.holder(), lease.host(), lease.pid(), lease.acquiredAt(), now);
        return true;
      }
    }

    @Override
    public void release(String holder) {
      synchronized (lock) {
        if (lease != null && lease.holder().equals(holder)) {
          lease = null;
          lastPass = null;
        }
      }
    }

    @Override
    public void recordPass(String holder, Instant at, String problem) {
      synchronized (lock) {
        if (lease == null || !lease.holder().equals(holder)) {
          return;
        }
        int failures = problem == null ? 0
            : (lastPass != null && lastPass.holder().equals(holder) ? lastPass.consecutiveFailures() : 0) + 1;
        lastPass = new PassRecord(holder, at, failures, problem);
      }
    }

    @Override
    public Optional<PassRecord> lastPass() {
      synchronized (lock) {
        return lease != null && lastPass != null && lastPass.holder().equals(lease.holder())
            ? Optional.of(lastPass) : Optional.empty();
      }
    }
  }
}
