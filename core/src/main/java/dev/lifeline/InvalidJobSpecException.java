package dev.lifeline;

import java.util.Objects;

/**
 * A {@link JobSpec} was refused because one of its fields holds a value no job may hold: a number or duration out of
 * its documented range, an environment name that is not a POSIX name, a NUL character, an empty command. Nothing was
 * stored. The CLI maps it to exit 2 (usage). Immutable.
 */
public class InvalidJobSpecException extends LifelineException {
  /** The spec field holding the refused value. */
  private final String field;

  /**
   * @param field the field that was refused, as the builder names it ({@code timeout}, {@code env}, {@code argv[2]})
   * @param message one sentence naming the field and what it may hold
   */
  public InvalidJobSpecException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * The field that was refused: {@code name}, {@code argv[i]}, {@code cwd}, {@code env}, {@code priority}, …
   *
   * @return the field's name
   */
  public String field() {
    return field;
  }
}
