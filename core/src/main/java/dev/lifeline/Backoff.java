package dev.lifeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How long RETRY waits before the next attempt may start: {@code initial × multiplier^(attempt-1)}, at most
 * {@code max}. Immutable.
 *
 * @param initial the delay after the first attempt
 * @param multiplier growth per attempt, at least 1
 * @param max the cap
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

  /**
   * Checks the durations are present and not negative and the multiplier is at least 1.
   *
   * @param initial the delay after the first attempt
   * @param multiplier growth per attempt, at least 1
   * @param max the cap
   * @throws IllegalArgumentException when they are not
   */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.isNegative() || multiplier < 1) {
      throw new IllegalArgumentException("backoff needs non-negative durations and a multiplier of at least 1");
    }
  }

  /**
   * 5 s after the first failure, doubling, at most 5 minutes.
   *
   * @return the default backoff
   */
  public static Backoff defaults() {
    return new Backoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5));
  }

  /**
   * No delay: a RETRY may start at once.
   *
   * @return a zero backoff
   */
  public static Backoff none() {
    return new Backoff(Duration.ZERO, 1.0, Duration.ZERO);
  }

  /**
   * Doubling from {@code initial}, at most {@code max}.
   *
   * @param initial the delay after the first attempt
   * @param max the cap
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, Duration max) {
    return new Backoff(initial, 2.0, max);
  }

  /**
   * The delay after attempt number {@code attempt} (1-based) failed.
   *
   * @param attempt the failed attempt's number, from 1
   * @return the delay, at most {@link #max()}
   */
  public Duration delay(int attempt) {
    double factor = Math.pow(multiplier, Math.max(0, attempt - 1));
    double millis = initial.toMillis() * factor;
    if (Double.isInfinite(millis) || millis >= max.toMillis()) {
      return max;
    }
    return Duration.ofMillis((long) millis);
  }
}
