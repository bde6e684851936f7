package dev.lifeline.internal.supervisor;

import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic on stored durations that saturates instead of throwing: an absurd timeout on an old row (a
 * thousand million days) means "never", not a {@link java.time.DateTimeException} that stops a pass. Stateless.
 */
final class SaturatingTime {

  private SaturatingTime() {}

  /** {@code at + d}, or {@link Instant#MAX} (or {@link Instant#MIN}) when that is beyond what an Instant holds. */
  static Instant plus(Instant at, Duration d) {
    try {
      return at.plus(d);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return d.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }

  /** {@code a + b} for non-negative durations, or the longest Duration when the sum does not fit. */
  static Duration sum(Duration a, Duration b) {
    try {
      return a.plus(b);
    } catch (ArithmeticException e) {
      return longest();
    }
  }

  /** {@code d} in milliseconds, or {@link Long#MAX_VALUE} when it does not fit in a long. */
  static long toMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** True when more than {@code limit} has passed from {@code since} to {@code now}; never throws. */
  static boolean exceeded(Instant since, Instant now, Duration limit) {
    return plus(since, limit).isBefore(now);
  }

  /** True when at least {@code limit} has passed from {@code since} to {@code now}; never throws. */
  static boolean reached(Instant since, Instant now, Duration limit) {
    return !plus(since, limit).isAfter(now);
  }

  static Duration longest() {
    return Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
  }
}
