package dev.lifeline.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a tmux socket name ({@code tmux -L NAME}): 1 to 64 letters, digits, {@code _} and {@code -}, the names the
 * tmux runtime accepts, so no other character reaches a file name or a tmux command. Stateless and thread-safe.
 */
final class SocketNameConverter implements ITypeConverter<String> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Override
  public String convert(String value) {
    String problem = problem(value);
    if (problem != null) {
      throw new TypeConversionException(problem);
    }
    return value;
  }

  /** Why {@code name} is not a socket name, or {@code null} when it is one. */
  static String problem(String name) {
    return NAME.matcher(name).matches() ? null
        : "'" + Printable.of(name) + "' is not a socket name (1 to 64 letters, digits, _ and -)";
  }
}
