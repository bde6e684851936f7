package dev.lifeline;

import dev.lifeline.spi.Lease;

/** Another supervisor holds the store's lease and its heartbeat is fresh. */
public final class LeaseHeldException extends LifelineException {
  private final Lease lease;

  public LeaseHeldException(Lease lease) {
    super("Another supervisor is running on this store: " + lease.holder() + " (heartbeat " + lease.heartbeat() + ").");
    this.lease = lease;
  }

  public Lease lease() {
    return lease;
  }
}
