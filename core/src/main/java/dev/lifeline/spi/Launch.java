package dev.lifeline.spi;

import dev.lifeline.Job;
import java.util.Objects;

/**
 * What became of one job of {@link SessionRuntime#startAll}: its session, or why it could not be started. Immutable.
 *
 * @param job the job as committed by its START transition
 * @param handle the new session; {@code null} when it was not started
 * @param failure why it was not started (a {@link LaunchException}, or the runtime being unavailable); {@code null}
 *     when it was
 */
public record Launch(Job job, SessionHandle handle, RuntimeException failure) {

  /**
   * Checks that exactly one of {@code handle} and {@code failure} is present.
   *
   * @param job the job
   * @param handle the new session, or {@code null}
   * @param failure why it was not started, or {@code null}
   */
  public Launch {
    Objects.requireNonNull(job, "job");
    if ((handle == null) == (failure == null)) {
      throw new IllegalArgumentException("a launch holds either a session or a failure");
    }
  }

  /**
   * A started session.
   *
   * @param job the job
   * @param handle its session
   * @return the entry
   */
  public static Launch started(Job job, SessionHandle handle) {
    return new Launch(job, Objects.requireNonNull(handle, "handle"), null);
  }

  /**
   * A launch that failed.
   *
   * @param job the job
   * @param failure why
   * @return the entry
   */
  public static Launch failed(Job job, RuntimeException failure) {
    return new Launch(job, null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Whether the session was started.
   *
   * @return {@code true} when {@link #handle()} is present
   */
  public boolean launched() {
    return handle != null;
  }
}
