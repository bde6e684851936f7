package dev.lifeline.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a whole number from {@code min} to {@code max} (both included), refusing anything else with one sentence
 * naming the range (picocli prefixes the option). Immutable and thread-safe.
 */
final class IntConverter implements ITypeConverter<Integer> {

  private final int min;
  private final int max;

  IntConverter(int min, int max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public Integer convert(String value) {
    long n;
    try {
      String digits = value.strip();
      // ASCII only: Long.parseLong also takes other scripts' digits (Arabic-Indic, Devanagari, full-width).
      if (!digits.matches("[+-]?[0-9]{1,18}")) {
        throw new NumberFormatException(digits);
      }
      n = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + Printable.of(value) + "' is not a whole number (" + range() + ")");
    }
    if (n < min || n > max) {
      throw new TypeConversionException("'" + Printable.of(value) + "' is out of range: " + range());
    }
    return (int) n;
  }

  /** {@code from 1 to 1000}. */
  String range() {
    return "from " + min + " to " + max;
  }
}
