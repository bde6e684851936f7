package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.spi.ClaimOrder;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.RetryRule;
import dev.lifeline.spi.UnreadableRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link JobStore} for {@code Supervisor.plan()}: reads go through to the real store, writes are recorded here in
 * memory and seen by later reads of this store, and nothing is ever written to the real one. It keeps the store
 * contract over what it recorded (compare-and-set on state and version, claims in the store's order), so the pass
 * that runs on it cannot tell it from the real store. Thread-safe; meant to live for one plan.
 */
final class PlanningStore implements JobStore {

  private final JobStore real;
  private final Object lock = new Object();
  /** Rows as written here, by id (the inserted ones too). */
  private final TreeMap<Long, Job> written = new TreeMap<>();
  /** The state each written row had in the real store, or absent for rows inserted here. */
  private final Map<Long, JobState> realState = new HashMap<>();
  private final Map<Long, List<Transition>> appended = new HashMap<>();
  private final Map<String, Long> keys = new HashMap<>();
  private long nextId;
  private final PlanningLeases leases;

  PlanningStore(JobStore real) {
    this.real = real;
    this.leases = new PlanningLeases(real.leases(), lock);
  }

  /** The rows this store recorded instead of writing, by id. */
  Map<JobId, Job> recordedRows() {
    synchronized (lock) {
      Map<JobId, Job> out = new java.util.LinkedHashMap<>();
      written.forEach((id, job) -> out.put(JobId.of(id), job));
      return out;
    }
  }

  @Override
  public Inserted insert(JobSpec spec, String idempotencyKey, Instant now, String actor) {
    synchronized (lock) {
      if (idempotencyKey != null) {
        Long mine = keys.get(idempotencyKey);
        if (mine != null) {
          return new Inserted(written.get(mine), false);
        }
        Optional<Job> theirs = realList(JobQuery.all().withLimit(Integer.MAX_VALUE), r -> { }).stream()
            .filter(j -> idempotencyKey.equals(j.idempotencyKey())).findFirst();
        if (theirs.isPresent()) {
          return new Inserted(find(theirs.get().id()).orElse(theirs.get()), false);
        }
      }
      for (JobId dependency : spec.after()) {
        if (find(dependency).isEmpty()) {
          throw new dev.lifeline.JobNotFoundException(dependency);
        }
      }
      if (nextId == 0) {
        List<Job> newest = real.list(JobQuery.all().withLimit(1));
        nextId = newest.isEmpty() ? 1 : newest.get(0).id().value() + 1;
      }
      JobId id = JobId.of(nextId++);
      Job job = Job.queued(id, spec, idempotencyKey, now);
      written.put(id.value(), job);
      List<Transition> h = new ArrayList<>();
      h.add(new Transition(id, 0, null, JobState.QUEUED, JobEvent.SUBMIT, null, null, actor, now));
      appended.put(id.value(), h);
      if (idempotencyKey != null) {
        keys.put(idempotencyKey, id.value());
      }
      return new Inserted(job, true);
    }
  }

  @Override
  public Optional<Job> find(JobId id) {
    synchronized (lock) {
      Job mine = written.get(id.value());
      return mine != null ? Optional.of(mine) : real.find(id);
    }
  }

  @Override
  public List<Job> list(JobQuery query) {
    synchronized (lock) {
      return overlay(query, realList(widened(query), null));
    }
  }

  @Override
  public List<Job> listReadable(JobQuery query, Consumer<UnreadableRow> unreadable) {
    synchronized (lock) {
      return overlay(query, realList(widened(query), row -> {
        if (!written.containsKey(row.id().value())) {
          unreadable.accept(row);
        }
      }));
    }
  }

  /** The real rows matching {@code query}; {@code unreadable} null means "fail on a row that does not decode". */
  private List<Job> realList(JobQuery query, Consumer<UnreadableRow> unreadable) {
    return unreadable == null ? real.list(query) : real.listReadable(query, unreadable);
  }

  /** Asks the real store for enough rows that dropping the ones written here still leaves {@code limit}. */
  private JobQuery widened(JobQuery query) {
    long limit = (long) query.limit() + written.size();
    return query.withLimit((int) Math.min(Integer.MAX_VALUE, limit));
  }

  private List<Job> overlay(JobQuery query, List<Job> realRows) {
    Map<Long, Job> merged = new TreeMap<>(Comparator.reverseOrder());
    for (Job j : realRows) {
      if (!written.containsKey(j.id().value())) {
        merged.put(j.id().value(), j);
      }
    }
    for (Job j : written.values()) {
      if (query.matches(j)) {
        merged.put(j.id().value(), j);
      }
    }
    return merged.values().stream().limit(query.limit()).toList();
  }

  @Override
  public List<Job> listRetryable(int limit, Consumer<UnreadableRow> unreadable) {
    synchronized (lock) {
      return merged(real.listRetryable(widenedLimit(limit), mineSkipped(unreadable)), RetryRule::allows,
          Comparator.comparing(Job::id), limit);
    }
  }

  @Override
  public List<Job> listClaimable(Instant now, int limit, Consumer<UnreadableRow> unreadable) {
    synchronized (lock) {
      return merged(real.listClaimable(now, widenedLimit(limit), mineSkipped(unreadable)),
          j -> ClaimOrder.isCandidate(j, now), ClaimOrder.comparator(), limit);
    }
  }

  /** The real rows not written here, with the written rows that {@code matches}, in {@code order}, cut at limit. */
  private List<Job> merged(List<Job> realRows, java.util.function.Predicate<Job> matches, Comparator<Job> order,
      int limit) {
    List<Job> out = new ArrayList<>();
    for (Job j : realRows) {
      if (!written.containsKey(j.id().value())) {
        out.add(j);
      }
    }
    for (Job j : written.values()) {
      if (matches.test(j)) {
        out.add(j);
      }
    }
    out.sort(order);
    return out.size() <= limit ? out : List.copyOf(out.subList(0, limit));
  }

  private int widenedLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return (int) Math.min(Integer.MAX_VALUE, (long) limit + written.size());
  }

  /** Passes on the unreadable rows except those written here (this store has them as written). */
  private Consumer<UnreadableRow> mineSkipped(Consumer<UnreadableRow> unreadable) {
    return row -> {
      if (!written.containsKey(row.id().value())) {
        unreadable.accept(row);
      }
    };
  }

  @Override
  public long count(JobState state) {
    synchronized (lock) {
      long n = real.count(state);
      for (JobState was : realState.values()) {
        if (was == state) {
          n--;
        }
      }
      for (Job j : written.values()) {
        if (j.state() == state) {
          n++;
        }
      }
      return n;
    }
  }

  @Override
  public Optional<Job> claimNext(Instant now, int maxConcurrent, ClaimDecider start) {
    synchronized (lock) {
      int running = (int) count(JobState.PROCESSING);
      if (running >= maxConcurrent) {
        return Optional.empty();
      }
      // As the real store does: the first candidate is nearly always taken, so read a few, then more.
      int offered = 0;
      for (int window = 16; ; window = (int) Math.min(Integer.MAX_VALUE, window * 4L)) {
        List<Job> candidates = listClaimable(now, window, row -> { });
        for (Job candidate : candidates.subList(Math.min(offered, candidates.size()), candidates.size())) {
          Optional<Change> change = start.decide(candidate, running);
          if (change.isPresent() && write(candidate, change.get().next(), change.get().transition())) {
            return Optional.of(change.get().next());
          }
        }
        offered = candidates.size();
        if (candidates.size() < window || window == Integer.MAX_VALUE) {
          return Optional.empty();
        }
      }
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
    long id = expected.id().value();
    Optional<Job> current = find(expected.id());
    if (current.isEmpty() || current.get().state() != expected.state()
        || current.get().version() != expected.version()) {
      return false;
    }
    if (!written.containsKey(id)) {
      realState.put(id, current.get().state());
    }
    written.put(id, next);
    appended.computeIfAbsent(id, k -> new ArrayList<>()).add(transition);
    return true;
  }

  @Override
  public List<Transition> history(JobId id) {
    synchronized (lock) {
      List<Transition> out = new ArrayList<>();
      if (written.get(id.value()) == null || realState.containsKey(id.value())) {
        out.addAll(real.history(id));
      }
      out.addAll(appended.getOrDefault(id.value(), List.of()));
      return List.copyOf(out);
    }
  }

  @Override
  public Map<JobState, Long> counts() {
    synchronized (lock) {
      Map<JobState, Long> out = new EnumMap<>(JobState.class);
      for (JobState s : JobState.values()) {
        out.put(s, 0L);
      }
      real.counts().forEach((s, n) -> out.merge(s, n, Long::sum));
      realState.values().forEach(s -> out.merge(s, -1L, Long::sum));
      written.values().forEach(j -> out.merge(j.state(), 1L, Long::sum));
      return out;
    }
  }

  @Override
  public LeaseStore leases() {
    return leases;
  }

  /** The real store's controls: a plan reads them and never changes them. */
  @Override
  public dev.lifeline.spi.ControlStore controls() {
    return real.controls();
  }

  /** Closes nothing: the real store belongs to whoever opened it. */
  @Override
  public void close() {}
}
