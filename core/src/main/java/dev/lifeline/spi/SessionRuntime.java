package dev.lifeline.spi;

import dev.lifeline.Job;
import java.time.Duration;

/**
 * Where jobs run. Implementations are thread-safe.
 *
 * <p>Contract (checked by {@code SessionRuntimeContract} in core's test-jar):
 *
 * <ul>
 *   <li>{@link #start} starts the job's command for its current attempt, in a session named {@code job.session()},
 *       tagged with the job id and attempt. Starting the same (job, attempt) twice is refused with a
 *       {@link LaunchException} and does not start a second session.
 *   <li>{@link #observeAll} is one batched look at every session this runtime owns; it never throws for a runtime
 *       failure: it returns an UNKNOWN observation instead. A session whose command exited with a recorded code is
 *       EXITED with that code, whether or not the session is still visible.
 *   <li>{@link #stop} ends exactly that session, if it is still there; stopping a gone session is not an error.
 *   <li>Sessions not started by a Lifeline runtime (untagged) are never reported or touched.
 * </ul>
 */
public interface SessionRuntime extends AutoCloseable {

  /**
   * Starts {@code job} (which is PROCESSING, with {@code attempt >= 1} and a session name).
   *
   * @throws LaunchException when the session could not be started; the caller records LOST / LAUNCH_FAILED
   */
  SessionHandle start(Job job) throws LaunchException;

  /** One batched observation of every session; never throws for a runtime failure. */
  Observation observeAll();

  /** Ends the session if it still exists. */
  void stop(SessionHandle handle);

  /**
   * Waits up to {@code timeout} for a sign that some session changed (ended or closed), so a supervisor can react
   * within milliseconds instead of at its next poll.
   *
   * @return {@code true} when woken by a change, {@code false} on timeout; the default returns {@code false} at once
   *     and the caller falls back to its poll interval
   */
  default boolean awaitChange(Duration timeout) throws InterruptedException {
    return false;
  }

  /** Releases what the runtime holds in this process (it never kills running sessions). Idempotent. */
  @Override
  default void close() {}
}
