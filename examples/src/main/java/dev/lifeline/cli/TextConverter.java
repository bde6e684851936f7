package dev.lifeline.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads text that is carried to a process or the store as given: it must hold no NUL character (no program could
 * receive it) and, where {@code blankAllowed} is false, must not be empty or blank. Immutable and thread-safe.
 */
final class TextConverter implements ITypeConverter<String> {

  private final boolean blankAllowed;
  private final int maxLength;

  TextConverter(boolean blankAllowed, int maxLength) {
    this.blankAllowed = blankAllowed;
    this.maxLength = maxLength;
  }

  /** Any text without NUL, up to 64 Ki characters. */
  static TextConverter any() {
    return new TextConverter(true, 65_536);
  }

  /** Text without NUL that is not blank, up to 64 Ki characters. */
  static TextConverter nonBlank() {
    return new TextConverter(false, 65_536);
  }

  @Override
  public String convert(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new TypeConversionException("'" + Printable.of(value) + "' holds a NUL character, which no program can "
          + "receive");
    }
    if (!blankAllowed && value.isBlank()) {
      throw new TypeConversionException("it must not be empty");
    }
    if (value.length() > maxLength) {
      throw new TypeConversionException("it is " + value.length() + " characters long; at most " + maxLength
          + " are allowed");
    }
    return value;
  }
}
