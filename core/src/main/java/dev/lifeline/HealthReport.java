package dev.lifeline;

import dev.lifeline.spi.PassRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LifelineView#health(HealthQuery)} found at one instant: counts per state, stuck jobs, the supervisor
 * lease and its latest pass, the sessions and their orphans, the QUEUED jobs held back, and the problems. Orphans,
 * held-back jobs and an unobservable runtime are reported but are not problems. Immutable.
 *
 * @param at when the report was made (the view's clock)
 * @param counts how many jobs are in each state; every state is a key
 * @param stuck the stuck jobs, oldest first (each also a {@link HealthProblem.Stuck})
 * @param lease the supervisor lease, when one is recorded
 * @param lastPass how the lease holder's latest pass ended, when it recorded one
 * @param sessions what the session runtime showed
 * @param heldBack the QUEUED jobs the next pass would not start, in claim order
 * @param problems why the store is unhealthy; empty when it is healthy
 * @param notifications the outbox: how many notifications wait and how many were given up
 */
public record HealthReport(Instant at, Map<JobState, Long> counts, List<Job> stuck, Optional<SupervisorLease> lease,
    Optional<PassRecord> lastPass, Sessions sessions, List<HeldBackJob> heldBack, List<HealthProblem> problems,
    dev.lifeline.spi.OutboxStore.Counts notifications) {

  /**
   * A report of a store without an outbox (no notification waits or was given up).
   *
   * @param at when the report was made
   * @param counts how many jobs are in each state
   * @param stuck the stuck jobs
   * @param lease the supervisor lease, when one is recorded
   * @param lastPass how the lease holder's latest pass ended
   * @param sessions what the session runtime showed
   * @param heldBack the QUEUED jobs the next pass would not start
   * @param problems why the store is unhealthy
   */
  public HealthReport(Instant at, Map<JobState, Long> counts, List<Job> stuck, Optional<SupervisorLease> lease,
      Optional<PassRecord> lastPass, Sessions sessions, List<HeldBackJob> heldBack, List<HealthProblem> problems) {
    this(at, counts, stuck, lease, lastPass, sessions, heldBack, problems, new dev.lifeline.spi.OutboxStore.Counts(0,
        0));
  }

  /**
   * Fills in a 0 count for every state without jobs and copies the lists.
   *
   * @param at when the report was made (the view's clock)
   * @param counts how many jobs are in each state; every state is a key
   * @param stuck the stuck jobs, oldest first (each also a {@link HealthProblem.Stuck})
   * @param lease the supervisor lease, when one is recorded
   * @param lastPass how the lease holder's latest pass ended, when it recorded one
   * @param sessions what the session runtime showed
   * @param heldBack the QUEUED jobs the next pass would not start, in claim order
   * @param problems why the store is unhealthy; empty when it is healthy
   * @param notifications the outbox's counts
   * @throws NullPointerException when a required field is {@code null}
   */
  public HealthReport {
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(at, "at");
    Map<JobState, Long> all = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      all.put(s, counts.getOrDefault(s, 0L));
    }
    counts = Map.copyOf(all);
    stuck = List.copyOf(stuck);
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(lastPass, "lastPass");
    Objects.requireNonNull(sessions, "sessions");
    heldBack = List.copyOf(heldBack);
    problems = List.copyOf(problems);
  }

  /**
   * The one place that decides health: no problem. The CLI's {@code health} exits 6 exactly when this is false.
   *
   * @return whether there is no problem
   */
  public boolean healthy() {
    return problems.isEmpty();
  }

  /**
   * The problems of one kind, in order.
   *
   * @param <P> the kind of problem
   * @param kind its class
   * @return the problems of that kind, in order
   */
  public <P extends HealthProblem> List<P> problems(Class<P> kind) {
    return problems.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /**
   * The supervisor lease as health sees it.
   *
   * @param holder who holds it ({@code host:pid})
   * @param host the holder's host
   * @param pid the holder's process id
   * @param acquiredAt when it was acquired
   * @param heartbeat when the holder last renewed it
   * @param heartbeatAge how long ago that was, at the report's instant
   * @param stale whether the heartbeat is older than {@link HealthQuery#leaseStaleAfter()}
   */
  public record SupervisorLease(String holder, String host, long pid, Instant acquiredAt, Instant heartbeat,
      Duration heartbeatAge, boolean stale) {
    /**
     * Checks that the holder and the heartbeat are present.
     *
     * @param holder who holds it ({@code host:pid})
     * @param host the holder's host
     * @param pid the holder's process id
     * @param acquiredAt when it was acquired
     * @param heartbeat when the holder last renewed it
     * @param heartbeatAge how long ago that was, at the report's instant
     * @param stale whether the heartbeat is older than {@link HealthQuery#leaseStaleAfter()}
     * @throws NullPointerException when a required field is {@code null}
     */
    public SupervisorLease {
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(heartbeat, "heartbeat");
    }
  }

  /**
   * What the session runtime showed.
   *
   * @param observed whether the runtime answered (false when it erred, timed out, or the view has none)
   * @param unknownReason why not, when not observed
   * @param seen how many sessions it reported, when observed
   * @param orphans the live sessions the orphan rule names, in the runtime's order of sessions by job and attempt
   */
  public record Sessions(boolean observed, String unknownReason, int seen, List<Orphan> orphans) {
    /**
     * Copies the orphans; an unobserved runtime needs a reason.
     *
     * @param observed whether the runtime answered (false when it erred, timed out, or the view has none)
     * @param unknownReason why not, when not observed
     * @param seen how many sessions it reported, when observed
     * @param orphans the live sessions the orphan rule names, in the runtime's order of sessions by job and attempt
     * @throws IllegalArgumentException when the runtime was not observed and no reason is given
     */
    public Sessions {
      orphans = List.copyOf(orphans);
      if (!observed && unknownReason == null) {
        throw new IllegalArgumentException("an unobserved runtime needs a reason");
      }
    }
  }

  /**
   * A live session tagged by Lifeline that is not the running session of its job's current attempt.
   *
   * @param jobId the job its tags name
   * @param attempt the attempt its tags name
   * @param session its name in the runtime
   * @param why one phrase: {@code its job is COMPLETED}, {@code its job is on attempt 2}, ...
   */
  public record Orphan(JobId jobId, int attempt, String session, String why) {
    /**
     * Checks that the job id, the session and the reason are present.
     *
     * @param jobId the job its tags name
     * @param attempt the attempt its tags name
     * @param session its name in the runtime
     * @param why one phrase: {@code its job is COMPLETED}, {@code its job is on attempt 2}, ...
     * @throws NullPointerException when a required field is {@code null}
     */
    public Orphan {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(why, "why");
    }
  }
}
