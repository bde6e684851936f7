package dev.lifeline.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The one-supervisor-per-store lease.
 *
 * @param holder who holds it, as {@code host:pid}
 * @param host the holder's host name
 * @param pid the holder's process id
 * @param acquiredAt when it was acquired
 * @param heartbeat when the holder last renewed it
 */
public record Lease(String holder, String host, long pid, Instant acquiredAt, Instant heartbeat) {
  /**
   * Checks that holder, host, acquiredAt and heartbeat are present.
   *
   * @param holder who holds it, as {@code host:pid}
   * @param host the holder's host name
   * @param pid the holder's process id
   * @param acquiredAt when it was acquired
   * @param heartbeat when the holder last renewed it
   * @throws NullPointerException when a required field is {@code null}
   */
  public Lease {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }
}
