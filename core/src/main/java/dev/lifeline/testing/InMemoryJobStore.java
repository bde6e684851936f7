package dev.lifeline.testing;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.spi.ClaimOrder;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.PassRecord;
import dev.lifeline.spi.UnreadableRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@link JobStore} in memory with the same compare-and-set semantics as a database: every write checks state and
 * version under one lock, and history is appended in the same step. Passes {@code JobStoreContract}. Thread-safe.
 *
 * <p>A test can {@link #plantUnreadableRow plant a row that does not decode}, as a tampered database holds: reads
 * that would return it fail with a {@link StoreException} of kind CORRUPT naming it, {@link #listReadable} reports
 * and skips it, and no claim or compare-and-set ever touches it.
 *
 * <p>{@link #sharingInstance()} opens a second store over the same jobs, as a second process opening the same
 * database would: a job written through one wakes the other's {@link #awaitChange}, never its own (as on SQLite),
 * so a test can show that a submit "from another process" wakes a waiting supervisor.
 */
public final class InMemoryJobStore implements JobStore {

  private final Object lock;
  private final TreeMap<Long, Job> jobs;
  private final Map<Long, List<Transition>> history;
  private final Map<String, Long> keys;
  private final AtomicLong nextId;
  private final MemoryLeases leases;
  /** Group settings by name, the drain, and the recorded changes (newest last); guarded by lock. */
  private final java.util.TreeMap<String, dev.lifeline.GroupSettings> groups;
  private final List<dev.lifeline.spi.ControlChange> controlChanges;
  private final boolean[] draining;
  /** Planted rows that do not decode: their state (or {@code null} for a state no one knows) and why. */
  private final TreeMap<Long, Planted> unreadable;
  /** How many job writes every instance over these jobs has committed. */
  private final AtomicLong commits;
  private final MemoryOutbox outbox;
  private long ownCommits; // guarded by lock
  private long othersSeen; // guarded by lock
  private boolean closed; // guarded by lock

  /** An empty store. */
  public InMemoryJobStore() {
    this.lock = new Object();
    this.jobs = new TreeMap<>();
    this.history = new HashMap<>();
    this.keys = new HashMap<>();
    this.nextId = new AtomicLong(1);
    this.leases = new MemoryLeases();
    this.groups = new java.util.TreeMap<>();
    this.controlChanges = new ArrayList<>();
    this.draining = new boolean[1];
    this.unreadable = new TreeMap<>();
    this.commits = new AtomicLong();
    this.outbox = new MemoryOutbox(lock);
  }

  private InMemoryJobStore(InMemoryJobStore other) {
    this.lock = other.lock;
    this.jobs = other.jobs;
    this.history = other.history;
    this.keys = other.keys;
    this.nextId = other.nextId;
    this.leases = other.leases;
    this.groups = other.groups;
    this.controlChanges = other.controlChanges;
    this.draining = other.draining;
    this.unreadable = other.unreadable;
    this.commits = other.commits;
    this.outbox = other.outbox;
    synchronized (lock) {
      this.othersSeen = commits.get();
    }
  }

  /**
   * A second store over the same jobs, history and lease, as a second process opening the same database has: each
   * sees what the other writes at once, and each one's job writes wake the other's {@link #awaitChange}.
   *
   * @return a new instance sharing this store's data
   */
  public InMemoryJobStore sharingInstance() {
    return new InMemoryJobStore(this);
  }

  /** Records a committed job write of this instance; under the lock. */
  private void committed() {
    commits.incrementAndGet();
    ownCommits++;
    lock.notifyAll();
  }

  private record Planted(JobState state, String reason) {}

  /**
   * Plants a row that cannot be decoded, as if someone had tampered with the database: it is counted under
   * {@code state} and matched by queries for it ({@code null}: a state no one knows, matched only by a query for
   * every state), and every read that would return it fails, naming it and {@code reason}.
   *
   * @param state the state it is counted under, or {@code null}
   * @param reason why it cannot be decoded
   * @return the row's id
   */
  public JobId plantUnreadableRow(JobState state, String reason) {
    synchronized (lock) {
      JobId id = JobId.of(nextId.getAndIncrement());
      unreadable.put(id.value(), new Planted(state, java.util.Objects.requireNonNull(reason, "reason")));
      return id;
    }
  }

  private static StoreException unreadable(long id, Planted p) {
    return new StoreException(StoreException.Kind.CORRUPT, "job " + id + " cannot be read: " + p.reason(), null);
  }

  private boolean matches(JobQuery query, Planted p) {
    if (query.group() != null) {
      return false; // a row that does not decode has no group to match
    }
    return p.state() == null ? query.states().isEmpty() : query.matches(p.state());
  }

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    synchronized (lock) {
      if (idempotencyKey != null && keys.containsKey(idempotencyKey)) {
        return new Inserted(jobs.get(keys.get(idempotencyKey)), false);
      }
      for (JobId dependency : spec.after()) {
        if (!jobs.containsKey(dependency.value()) && !unreadable.containsKey(dependency.value())) {
          throw new dev.lifeline.JobNotFoundException(dependency);
        }
      }
      JobId id = JobId.of(nextId.getAndIncrement());
      Job job = Job.queued(id, spec, idempotencyKey, now);
      jobs.put(id.value(), job);
      List<Transition> h = new ArrayList<>();
      h.add(new Transition(id, 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor, now));
      history.put(id.value(), h);
      outbox.writeFor(job, h.get(0));
      if (idempotencyKey != null) {
        keys.put(idempotencyKey, id.value());
      }
      committed();
      return new Inserted(job, true);
    }
  }

  @Override
  public Optional<Job> find(JobId id) {
    synchronized (lock) {
      Planted p = unreadable.get(id.value());
      if (p != null) {
        throw unreadable(id.value(), p);
      }
      return Optional.ofNullable(jobs.get(id.value()));
    }
  }

  @Override
  public List<Job> list(JobQuery query) {
    return listReadable(query, null);
  }

  @Override
  public List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> skipped) {
    synchronized (lock) {
      List<Job> out = new ArrayList<>();
      TreeMap<Long, Object> rows = new TreeMap<>(jobs);
      rows.putAll(unreadable);
      for (Object row : rows.descendingMap().values()) {
        if (row instanceof Job j && query.matches(j)) {
          out.add(j);
        } else if (row instanceof Planted p && matches(query, p)) {
          long id = idOf(p);
          if (skipped == null) {
            throw unreadable(id, p);
          }
          skipped.accept(new UnreadableRow(JobId.of(id), p.reason()));
        }
        if (out.size() == query.limit()) {
          break;
        }
      }
      return out;
    }
  }

  private long idOf(Planted p) {
    return unreadable.entrySet().stream().filter(e -> e.getValue() == p).findFirst().orElseThrow().getKey();
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
    outbox.writeFor(next, transition);
    committed();
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
      for (Planted p : unreadable.values()) {
        if (p.state() != null) {
          out.merge(p.state(), 1L, Long::sum);
        }
      }
      return out;
    }
  }

  /** {@inheritDoc} <p>Kept in memory with the jobs, shared with {@link #sharingInstance()}s. */
  @Override
  public dev.lifeline.spi.OutboxStore outbox() {
    return outbox;
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  /** {@inheritDoc} <p>Kept in memory, shared with {@link #sharingInstance()}s; a change wakes their waits. */
  @Override
  public dev.lifeline.spi.ControlStore controls() {
    return controls;
  }

  private final dev.lifeline.spi.ControlStore controls = new dev.lifeline.spi.ControlStore() {
    @Override
    public Optional<dev.lifeline.GroupSettings> group(String name) {
      synchronized (lock) {
        return Optional.ofNullable(groups.get(name));
      }
    }

    @Override
    public List<dev.lifeline.GroupSettings> groups() {
      synchronized (lock) {
        return List.copyOf(groups.values());
      }
    }

    @Override
    public boolean setGroup(dev.lifeline.GroupSettings settings, String actor, Instant at) {
      java.util.Objects.requireNonNull(settings, "settings");
      java.util.Objects.requireNonNull(at, "at");
      synchronized (lock) {
        dev.lifeline.GroupSettings old = groups.getOrDefault(settings.name(),
            dev.lifeline.GroupSettings.open(settings.name()));
        String target = "group " + settings.name();
        boolean changed = false;
        if (!java.util.Objects.equals(old.maxConcurrent(), settings.maxConcurrent())) {
          controlChanges.add(new dev.lifeline.spi.ControlChange(target, "maxConcurrent",
              settings.maxConcurrent() == null ? null : settings.maxConcurrent().toString(), actor, at));
          changed = true;
        }
        if (old.paused() != settings.paused()) {
          controlChanges.add(new dev.lifeline.spi.ControlChange(target, "paused", Boolean.toString(settings.paused()),
              actor, at));
          changed = true;
        }
        if (changed) {
          groups.put(settings.name(), settings);
          committed();
        }
        return changed;
      }
    }

    @Override
    public boolean draining() {
      synchronized (lock) {
        return draining[0];
      }
    }

    @Override
    public boolean setDraining(boolean on, String actor, Instant at) {
      java.util.Objects.requireNonNull(at, "at");
      synchronized (lock) {
        if (draining[0] == on) {
          return false;
        }
        draining[0] = on;
        controlChanges.add(new dev.lifeline.spi.ControlChange("store", "draining", Boolean.toString(on), actor, at));
        committed();
        return true;
      }
    }

    @Override
    public List<dev.lifeline.spi.ControlChange> changes(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      }
      synchronized (lock) {
        List<dev.lifeline.spi.ControlChange> out = new ArrayList<>(controlChanges);
        java.util.Collections.reverse(out);
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
      }
    }
  };

  /** {@code true}: jobs written through a {@link #sharingInstance()} wake {@link #awaitChange}. */
  @Override
  public boolean signalsChanges() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Woken by jobs written (inserted, claimed or changed) through another instance over the same data.
   */
  @Override
  public boolean awaitChange(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + Math.min(timeout.toMillis(), Long.MAX_VALUE / 2_000_000) * 1_000_000;
    synchronized (lock) {
      while (true) {
        long others = commits.get() - ownCommits;
        if (others != othersSeen) {
          othersSeen = others;
          return true;
        }
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  /** Ends a wait in {@link #awaitChange}; the data stays readable and writable (it is only memory). */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

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
