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

  public MutableClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Starts at 2026-01-01T00:00:00Z. */
  public static MutableClock startingAt2026() {
    return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public synchronized MutableClock advance(Duration d) {
    now = now.plus(d);
    return this;
  }

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
