package dev.lifeline;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Lifecycle#awaitTerminal} saw when it returned: the jobs it waited for, as stored then, in the order
 * asked, and whether it gave up at its timeout. Immutable.
 *
 * @param jobs the jobs, in the order their ids were given (each once)
 * @param timedOut {@code true} when the timeout elapsed before every job was done
 */
public record WaitOutcome(List<Job> jobs, boolean timedOut) {

  /**
   * Copies the list.
   *
   * @param jobs the jobs
   * @param timedOut whether the wait gave up
   */
  public WaitOutcome {
    jobs = List.copyOf(Objects.requireNonNull(jobs, "jobs"));
  }

  /**
   * True when a job is done waiting for: COMPLETED, or FAILED for good ({@link TransitionTable#failedForGood}). A
   * FAILED job a RETRY will re-queue is not done: a supervisor will run it again.
   *
   * @param job a job
   * @return whether nothing more will happen to it unless an operator acts
   */
  public static boolean isDone(Job job) {
    return job.state() == JobState.COMPLETED || TransitionTable.failedForGood(job);
  }

  /**
   * True when every job is COMPLETED.
   *
   * @return whether all succeeded
   */
  public boolean allCompleted() {
    return jobs.stream().allMatch(j -> j.state() == JobState.COMPLETED);
  }

  /**
   * The jobs that are FAILED (for good, unless the wait timed out), in the order asked.
   *
   * @return the failed jobs
   */
  public List<Job> failed() {
    return jobs.stream().filter(j -> j.state() == JobState.FAILED).toList();
  }

  /**
   * The jobs not done yet (empty unless the wait timed out).
   *
   * @return the jobs still queued, running, verifying or waiting for a retry
   */
  public List<Job> pending() {
    return jobs.stream().filter(j -> !isDone(j)).toList();
  }
}
