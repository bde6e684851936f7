package dev.lifeline;

/**
 * The identity of a job: a positive number assigned by the {@link dev.lifeline.spi.JobStore} on insert.
 *
 * @param value the positive id
 */
public record JobId(long value) implements Comparable<JobId> {
  /**
   * Checks the id is positive.
   *
   * @param value the positive id
   * @throws IllegalArgumentException when {@code value} is not positive
   */
  public JobId {
    if (value <= 0) {
      throw new IllegalArgumentException("a job id is a positive number, got " + value);
    }
  }

  /**
   * The id {@code value}.
   *
   * @param value the positive number
   * @return the id
   * @throws IllegalArgumentException when {@code value} is not positive
   */
  public static JobId of(long value) {
    return new JobId(value);
  }

  /**
   * Parses the text form printed by {@link #toString()}.
   *
   * @param text the text, such as {@code 42}
   * @return the id
   * @throws IllegalArgumentException with a one-sentence message when {@code text} is not a positive number
   */
  public static JobId parse(String text) {
    try {
      return new JobId(Long.parseLong(text.trim()));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("'" + text + "' is not a job id (a positive number).");
    }
  }

  @Override
  public int compareTo(JobId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
