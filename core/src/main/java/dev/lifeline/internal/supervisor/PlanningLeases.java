package dev.lifeline.internal.supervisor;

import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.PassRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The lease of a {@link PlanningStore}: the real lease, read through until the plan "writes" it; from then on the
 * plan's own, in memory. Nothing reaches the real lease store. Thread-safe (under the planning store's lock).
 */
final class PlanningLeases implements LeaseStore {
  private final LeaseStore realLeases;
  private boolean diverged;
  private Lease lease;
  private PassRecord lastPass;

  private final Object lock;

  PlanningLeases(LeaseStore realLeases, Object lock) {
    this.realLeases = realLeases;
    this.lock = lock;
  }

  private void diverge() {
    if (!diverged) {
      lease = realLeases.current().orElse(null);
      lastPass = realLeases.lastPass().orElse(null);
      diverged = true;
    }
  }

  @Override
  public Optional<Lease> current() {
    synchronized (lock) {
      return diverged ? Optional.ofNullable(lease) : realLeases.current();
    }
  }

  @Override
  public Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter,
      Predicate<Lease> holderIsGone) {
    synchronized (lock) {
      diverge();
      boolean free = lease == null
          || lease.holder().equals(candidate.holder())
          || SaturatingTime.exceeded(lease.heartbeat(), now, staleAfter)
          || holderIsGone.test(lease);
      if (!free) {
        return Optional.empty();
      }
      Instant acquired = lease != null && lease.holder().equals(candidate.holder()) ? lease.acquiredAt() : now;
      if (lease != null && !lease.holder().equals(candidate.holder())) {
        lastPass = null;
      }
      lease = new Lease(candidate.holder(), candidate.host(), candidate.pid(), acquired, now);
      return Optional.of(lease);
    }
  }

  @Override
  public boolean heartbeat(String holder, Instant now) {
    synchronized (lock) {
      diverge();
      if (lease == null || !lease.holder().equals(holder)) {
        return false;
      }
      lease = new Lease(lease.holder(), lease.host(), lease.pid(), lease.acquiredAt(), now);
      return true;
    }
  }

  @Override
  public void recordPass(String holder, Instant at, String problem) {
    synchronized (lock) {
      diverge();
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
      if (!diverged) {
        return realLeases.lastPass();
      }
      return lease != null && lastPass != null && lastPass.holder().equals(lease.holder())
          ? Optional.of(lastPass) : Optional.empty();
    }
  }

  @Override
  public void release(String holder) {
    synchronized (lock) {
      diverge();
      if (lease != null && lease.holder().equals(holder)) {
        lease = null;
        lastPass = null;
      }
    }
  }
}
