package dev.lifeline.spi;

import dev.lifeline.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where jobs run: one session per attempt of a job, observed all at once.
 *
 * <p>Contract (checked by {@code SessionRuntimeContract} in the artifact
 * {@code dev.lifeline:lifeline-core:<version>:contract}; subclass it with a runtime that starts real commands, on a
 * private server of its own):
 *
 * <ul>
 *   <li>{@link #start} starts the job's command for its current attempt, in a session named {@code job.session()},
 *       tagged with the job id and attempt, and returns the handle ({@code job.id()}, {@code job.attempt()},
 *       {@code job.session()}). Starting the same (job, attempt) again is refused with a {@link LaunchException}
 *       and starts no second session (the first keeps running); the next attempt of the same job starts its own
 *       session, with its own handle, even while the earlier one still runs.
 *   <li>{@link #observeAll} is one batched look at every session this runtime owns; it never throws for a runtime
 *       failure: it returns an UNKNOWN observation instead ({@link Observation#healthy()} false, with a reason).
 *       In a healthy observation a started session whose command runs is ALIVE; a command that exited with a
 *       recorded code (0, 7, any) is EXITED with that code, whether or not the session is still visible; a session
 *       that vanished without a recorded code (killed from outside) is DEAD; a handle this runtime never started is
 *       DEAD and is not a key of {@link Observation#sessions()}; a fresh runtime observes healthy with nothing of
 *       its own. One observation reports every session at once.
 *   <li>{@link #stop} ends exactly that session, if it is still there: the others keep running. Stopping a session
 *       that is gone, or that never existed, is not an error.
 *   <li>{@link #awaitChange} returns (woken or not) within its timeout.
 *   <li>{@link #close} may be called twice and never kills sessions.
 *   <li>Sessions not started by a Lifeline runtime (untagged) are never reported or touched.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionRuntime extends AutoCloseable {

  /**
   * Starts {@code job} (which is PROCESSING, with {@code attempt >= 1} and a session name).
   *
   * @param job the job, as committed by its START transition
   * @return the handle of the new session: the job's id, attempt and session name
   * @throws LaunchException when the session could not be started; the caller records LOST / LAUNCH_FAILED
   */
  SessionHandle start(Job job) throws LaunchException;

  /**
   * Starts each of {@code jobs} as {@link #start} would, in as few calls to the runtime as it can (the default: one
   * per job). One job that cannot be launched never stops the others: its failure is in its own entry.
   *
   * @param jobs the jobs, as committed by their START transitions, at most one per attempt
   * @return one entry per job, in the order given
   */
  default List<Launch> startAll(List<Job> jobs) {
    List<Launch> out = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      try {
        SessionHandle h = start(job);
        out.add(Launch.started(job, h != null ? h : new SessionHandle(job.id(), job.attempt(), job.session())));
      } catch (RuntimeException e) { // a LaunchException, or the runtime is unavailable
        out.add(Launch.failed(job, e));
      }
    }
    return out;
  }

  /**
   * One batched observation of every session this runtime owns; never throws for a runtime failure.
   *
   * @return what was seen, or an UNKNOWN observation with the reason when the runtime could not be observed
   */
  Observation observeAll();

  /**
   * Ends the session if it still exists; a gone or never-started session is not an error.
   *
   * @param handle the session of one attempt
   */
  void stop(SessionHandle handle);

  /**
   * Waits up to {@code timeout} for a sign that some session changed (ended or closed), so a supervisor can react
   * within milliseconds instead of at its next poll.
   *
   * @param timeout the longest wait
   * @return {@code true} when woken by a change, {@code false} on timeout; the default returns {@code false} at once
   *     and the caller falls back to its poll interval
   * @throws InterruptedException when the waiting thread is interrupted
   */
  default boolean awaitChange(Duration timeout) throws InterruptedException {
    return false;
  }

  /** Releases what the runtime holds in this process (it never kills running sessions). Idempotent. */
  @Override
  default void close() {}
}
