package dev.lifeline.cli;

import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.JobSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the name half of {@code --env NAME=VALUE}: a POSIX name ({@code [A-Za-z_][A-Za-z0-9_]*}), as
 * {@link JobSpec} requires. Names a shell or the launch wrapper uses ({@code n}, {@code IFS}, {@code PATH}) are
 * valid and carried exactly. Stateless and thread-safe.
 */
final class EnvNameConverter implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    try {
      JobSpec.checkEnvName(value);
    } catch (InvalidJobSpecException e) {
      String m = e.getMessage();
      throw new TypeConversionException(m.endsWith(".") ? m.substring(0, m.length() - 1) : m);
    }
    return value;
  }
}
