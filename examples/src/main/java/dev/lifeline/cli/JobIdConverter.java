package dev.lifeline.cli;

import dev.lifeline.JobId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a job id (a positive number) with a one-sentence error. Stateless. */
final class JobIdConverter implements ITypeConverter<JobId> {
  @Override
  public JobId convert(String value) {
    try {
      return JobId.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a job id (a positive number)");
    }
  }
}
