package dev.lifeline.spi;

import dev.lifeline.JobId;
import java.util.Objects;

/**
 * A stored job row that could not be decoded (an unknown state string, a value out of range, a damaged field): the
 * store names it instead of failing a whole read, so a supervisor can skip that job and go on with the others.
 *
 * @param id the row's job id
 * @param reason one sentence saying which field is wrong and how
 */
public record UnreadableRow(JobId id, String reason) {

  /**
   * Checks that the id and the reason are present.
   *
   * @param id the row's job id
   * @param reason one sentence saying which field is wrong and how
   * @throws NullPointerException when a required field is {@code null}
   */
  public UnreadableRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
  }
}
