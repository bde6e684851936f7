package dev.lifeline.internal.supervisor;

import dev.lifeline.LeaseHeldException;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Holds the store's one supervisor lease for a running supervisor: takes it (over a stale or dead holder), renews
 * it after every pass, gives it up at the end. Used by the supervisor's loop thread only.
 */
final class LeaseKeeper {

  private final LeaseStore leases;
  private final Clock clock;
  private final SupervisorSettings settings;
  private final Listeners listeners;

  LeaseKeeper(SupervisorSettings settings, LeaseStore leases, Listeners listeners) {
    this.leases = leases;
    this.clock = settings.lifecycle().clock();
    this.settings = settings;
    this.listeners = listeners;
  }

  /** @throws LeaseHeldException when another live holder keeps the lease */
  void acquire() {
    for (int tries = 0; tries < 3; tries++) {
      Instant now = clock.instant();
      Optional<Lease> before = leases.current();
      Lease candidate = new Lease(settings.holder(), settings.host(), settings.pid(), now, now);
      if (leases.tryAcquire(candidate, now, settings.leaseStaleAfter(), this::holderIsGone).isPresent()) {
        before.filter(b -> !b.holder().equals(settings.holder()))
            .ifPresent(b -> listeners.notice(new Notice.LeaseTakenOver(now, b.holder(), b.heartbeat())));
        return;
      }
      Optional<Lease> holder = leases.current();
      if (holder.isPresent()) {
        throw new LeaseHeldException(holder.get());
      }
      // Released between our attempt and our look: try again.
    }
    throw new IllegalStateException("the supervisor lease could not be taken although no one holds it");
  }

  /**
   * Renews the heartbeat.
   *
   * @throws LeaseHeldException when another supervisor took the lease over meanwhile
   */
  void heartbeat() {
    if (!leases.heartbeat(settings.holder(), clock.instant())) {
      Optional<Lease> holder = leases.current();
      if (holder.isPresent()) {
        throw new LeaseHeldException(holder.get());
      }
      acquire(); // nobody holds it any more: take it again
    }
  }

  void release() {
    leases.release(settings.holder());
  }

  /** The holder runs on this host and its process is gone: no need to wait for its heartbeat to go stale. */
  private boolean holderIsGone(Lease lease) {
    return lease.host().equals(settings.host()) && ProcessHandle.of(lease.pid()).map(p -> !p.isAlive()).orElse(true);
  }
}
