package dev.lifeline.spi;

import dev.lifeline.JobId;
import java.util.Objects;

/**
 * One session of one attempt of one job. Side effects are keyed by ({@code jobId}, {@code attempt}).
 *
 * @param jobId the job
 * @param attempt the attempt the session runs
 * @param name the session's name in the runtime
 */
public record SessionHandle(JobId jobId, int attempt, String name) {
  /**
   * Checks the job id and the name are present and the attempt is at least 1.
   *
   * @param jobId the job
   * @param attempt the attempt the session runs
   * @param name the session's name in the runtime
   * @throws NullPointerException when a required field is {@code null}
   * @throws IllegalArgumentException when the attempt is below 1
   */
  public SessionHandle {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
    }
  }
}
