package dev.lifeline.testing;

import dev.lifeline.Delivery;
import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.Transition;
import dev.lifeline.spi.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox of an {@link InMemoryJobStore}, guarded by the store's lock so that deliveries are written in the same
 * step as the change that calls for them. Thread-safe.
 */
final class MemoryOutbox implements OutboxStore {

  private final Object lock;
  private final TreeMap<Long, Hook> hooks = new TreeMap<>();
  private final TreeMap<Long, Delivery> deliveries = new TreeMap<>();
  private long nextHook = 1; // guarded by lock
  private long nextDelivery = 1; // guarded by lock

  MemoryOutbox(Object lock) {
    this.lock = lock;
  }

  /** Writes the deliveries the change to {@code next} calls for; under the lock, as part of the change. */
  void writeFor(Job next, Transition transition) {
    for (Delivery d : OutboxStore.calledFor(next, transition, List.copyOf(hooks.values()))) {
      long id = nextDelivery++;
      deliveries.put(id, d.withId(id));
    }
  }

  @Override
  public boolean keepsHooks() {
    return true;
  }

  @Override
  public Hook addHook(HookTrigger on, String group, HookTarget target, String actor, Instant at) {
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      Hook h = new Hook(nextHook, on, group, target, actor, at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      nextHook++;
      hooks.put(h.id(), h);
      return h;
    }
  }

  @Override
  public List<Hook> hooks() {
    synchronized (lock) {
      return List.copyOf(hooks.values());
    }
  }

  @Override
  public boolean removeHook(long id) {
    synchronized (lock) {
      return hooks.remove(id) != null;
    }
  }

  @Override
  public List<Delivery> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    synchronized (lock) {
      return deliveries.values().stream()
          .filter(d -> d.status() == Delivery.Status.PENDING && !d.nextAt().isAfter(now))
          .sorted(Comparator.comparing(Delivery::nextAt).thenComparingLong(Delivery::id))
          .limit(limit)
          .toList();
    }
  }

  @Override
  public Optional<Instant> nextDueAfter(Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      return deliveries.values().stream()
          .filter(d -> d.status() == Delivery.Status.PENDING && d.nextAt().isAfter(now))
          .map(Delivery::nextAt).min(Comparator.naturalOrder());
    }
  }

  @Override
  public List<Delivery> forJob(JobId id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      List<Delivery> out = new ArrayList<>();
      for (Delivery d : deliveries.values()) {
        if (d.jobId().equals(id)) {
          out.add(d);
        }
      }
      return out;
    }
  }

  @Override
  public boolean record(Delivery tried) {
    Objects.requireNonNull(tried, "tried");
    synchronized (lock) {
      Delivery stored = deliveries.get(tried.id());
      if (stored == null || stored.status() != Delivery.Status.PENDING || stored.tries() != tried.tries() - 1) {
        return false;
      }
      deliveries.put(tried.id(), new Delivery(stored.id(), stored.jobId(), stored.attempt(), stored.from(),
          stored.state(), stored.event(), stored.reason(), stored.exitCode(), stored.source(), stored.target(),
          tried.status(), tried.tries(), millis(tried.nextAt()), tried.lastError(), stored.createdAt(),
          tried.finishedAt() == null ? null : millis(tried.finishedAt())));
      return true;
    }
  }

  private static Instant millis(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  @Override
  public Counts counts() {
    synchronized (lock) {
      long pending = deliveries.values().stream().filter(d -> d.status() == Delivery.Status.PENDING).count();
      long failed = deliveries.values().stream().filter(d -> d.status() == Delivery.Status.FAILED).count();
      return new Counts(pending, failed);
    }
  }
}
