package dev.lifeline.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way people write one: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or
 * ISO-8601 ({@code PT5M}), and refuses one outside its option's range with one sentence naming the range (picocli
 * prefixes the option). Immutable and thread-safe.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  private final Duration min;
  private final Duration max;

  /** Any duration that is not negative. */
  public DurationConverter() {
    this(Duration.ZERO, null);
  }

  /**
   * Durations from {@code min} to {@code max}, both included.
   *
   * @param max the longest, or {@code null} for no upper bound
   */
  public DurationConverter(Duration min, Duration max) {
    this.min = Objects.requireNonNull(min, "min");
    this.max = max;
  }

  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
      throw new TypeConversionException("'" + value + "' is out of range: " + range());
    }
    return d;
  }

  /** {@code from 1s to 365d}, as the help and the errors say it. */
  String range() {
    return max == null ? "at least " + format(min) : "from " + format(min) + " to " + format(max);
  }

  /**
   * Parses {@code text}.
   *
   * @throws TypeConversionException with one sentence when {@code text} is not a positive duration
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Duration d = null;
    try {
      if (!t.matches("[-+0-9a-z.,]*")) {
        // Only ASCII: Long.parseLong and Duration.parse also take other scripts' digits.
        throw new NumberFormatException(t);
      }
      if (t.startsWith("p") || t.startsWith("-p")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
      } else if (!t.isEmpty()) {
        long n = Long.parseLong(t.substring(0, t.length() - 1).strip());
        d = switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> null;
        };
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      d = null;
    }
    if (d == null) {
      throw new TypeConversionException("'" + Printable.of(text) + "' is not a duration: write 90s, 5m, 2h or "
          + "ISO-8601 like PT5M");
    }
    if (d.isNegative()) {
      throw new TypeConversionException("'" + Printable.of(text) + "' is negative: a duration must not be");
    }
    return d;
  }

  /** The shortest exact form of {@code d}: {@code 10ms}, {@code 1s}, {@code 5m}, {@code 1h}, {@code 365d}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms != 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms != 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms != 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
