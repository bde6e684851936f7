package dev.lifeline.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --not-before}: an ISO-8601 instant with its offset ({@code 2026-12-24T18:00:00Z},
 * {@code 2026-12-24T19:00+01:00}), or a duration from now as {@link DurationConverter} reads one ({@code 90s},
 * {@code 2h}, {@code PT5M}). A time without an offset is refused (which zone would it be in?). Thread-safe when its
 * clock is.
 */
final class NotBeforeConverter implements ITypeConverter<Instant> {

  /** The latest instant accepted: far beyond any job, and within what every store keeps as epoch milliseconds. */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private final Supplier<Clock> clock;

  NotBeforeConverter(Supplier<Clock> clock) {
    this.clock = clock;
  }

  @Override
  public Instant convert(String value) {
    String t = value == null ? "" : value.strip();
    Instant at;
    if (t.length() >= 10 && Character.isDigit(t.charAt(0)) && t.charAt(4) == '-') {
      try {
        at = OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a time with its offset (2026-12-24T18:00:00Z) or "
            + "a duration from now (90s, 2h)");
      }
    } else {
      Duration d = new DurationConverter(Duration.ZERO, Duration.ofDays(3650)).convert(value);
      at = clock.get().instant().plus(d);
    }
    if (at.isAfter(LATEST)) {
      throw new TypeConversionException("'" + value + "' is later than " + LATEST);
    }
    return at;
  }
}
