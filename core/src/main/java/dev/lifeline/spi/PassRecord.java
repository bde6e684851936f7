package dev.lifeline.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * How the lease holder's latest supervisor pass ended, kept with the lease so that another process ({@code health})
 * can tell a supervisor that is alive but failing every pass from a healthy one.
 *
 * @param holder the lease holder that recorded it
 * @param at when that pass ended
 * @param consecutiveFailures how many passes in a row ended with a problem (0 when the latest one completed)
 * @param problem one sentence saying why the latest pass failed, or {@code null} when it completed
 */
public record PassRecord(String holder, Instant at, int consecutiveFailures, String problem) {

  /**
   * Checks that a problem is given exactly when passes failed.
   *
   * @param holder the lease holder that recorded it
   * @param at when that pass ended
   * @param consecutiveFailures how many passes in a row ended with a problem (0 when the latest one completed)
   * @param problem one sentence saying why the latest pass failed, or {@code null} when it completed
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when the count is negative, or a problem is missing or given wrongly
   */
  public PassRecord {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(at, "at");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures must not be negative, got " + consecutiveFailures);
    }
    if ((consecutiveFailures == 0) != (problem == null)) {
      throw new IllegalArgumentException("a problem is given exactly when consecutiveFailures > 0");
    }
  }

  /**
   * True when the latest pass completed.
   *
   * @return whether the pass was whole
   */
  public boolean ok() {
    return consecutiveFailures == 0;
  }
}
