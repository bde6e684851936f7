package dev.lifeline;

import dev.lifeline.spi.Lease;

/** Another supervisor holds the store's lease and its heartbeat is fresh. */
public final class LeaseHeldException extends LifelineException {
  /** The lease as the other supervisor holds it. */
  private final Lease lease;

  /**
   * The lease is held by another live supervisor.
   *
   * @param lease the lease as it is held
   */
  public LeaseHeldException(Lease lease) {
    super("Another supervisor is running on this store: " + lease.holder() + " (heartbeat " + lease.heartbeat() + ").");
    this.lease = lease;
  }

  /**
   * The lease as the other supervisor holds it (holder, heartbeat).
   *
   * @return the lease
   */
  public Lease lease() {
    return lease;
  }
}
