package dev.lifeline.internal.view;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.spi.SessionHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one orphan rule. A live session tagged by Lifeline belongs where it is only while it is the recorded session
 * of its job's current attempt and that job is PROCESSING or VERIFICATION; every other live tagged session is an
 * orphan: its job is not in the store, is COMPLETED or FAILED, is on another attempt, records another session, or is
 * QUEUED again (the session is a leftover of the attempt before). Used by the supervisor's pass and by
 * {@link dev.lifeline.LifelineView}, so {@code health} and {@code run} name the same orphans. Stateless and
 * thread-safe.
 */
public final class OrphanRule {

  private OrphanRule() {}

  /**
   * Why the live session {@code session} is an orphan, or empty when it is the running session of its job.
   *
   * @param session a session the runtime saw ALIVE
   * @param job its job as stored, or {@code null} when the store has none with that id
   */
  public static Optional<String> why(SessionHandle session, Job job) {
    if (job == null) {
      return Optional.of("its job is not in the store");
    }
    if (job.state().isFinal()) {
      return Optional.of("its job is " + job.state());
    }
    if (job.attempt() != session.attempt()) {
      return Optional.of("its job is on attempt " + job.attempt());
    }
    if (!session.name().equals(job.session())) {
      return Optional.of("its job's session is " + job.session());
    }
    if (job.state() == JobState.QUEUED) {
      return Optional.of("its job is QUEUED");
    }
    return Optional.empty();
  }

  /**
   * Whether an orphan first seen at {@code since} may be killed at {@code now} under the kill policy: once it has
   * been seen for at least {@code grace} (so a grace of zero kills at first sight).
   */
  public static boolean killDue(Instant since, Instant now, Duration grace) {
    return Duration.between(since, now).compareTo(grace) >= 0;
  }
}
