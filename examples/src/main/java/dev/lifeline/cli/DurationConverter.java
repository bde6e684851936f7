package dev.lifeline.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way people write one: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or
 * ISO-8601 ({@code PT5M}). Stateless and thread-safe.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
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
      throw new TypeConversionException("'" + text + "' is not a duration: write 90s, 5m, 2h or ISO-8601 like PT5M");
    }
    if (d.isNegative()) {
      throw new TypeConversionException("'" + text + "' is negative: a duration must not be");
    }
    return d;
  }
}
