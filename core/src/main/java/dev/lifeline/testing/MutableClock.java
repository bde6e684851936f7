package dev.lifeline.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that moves only when a test says so. Thread-safe. */
public final class MutableClock extends Clock {

  private volatile Instant now;

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the first instant
   */
  public MutableClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * A clock standing at 2026-01-01T00:00:00Z.
   *
   * @return a new clock
   */
  public static MutableClock startingAt2026() {
    return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward (or back, for a negative duration).
   *
   * @param d how far
   * @return this clock
   */
  public synchronized MutableClock advance(Duration d) {
    now = now.plus(d);
    return this;
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @param instant the new now
   * @return this clock
   */
  public synchronized MutableClock set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
