package dev.lifeline;

import dev.lifeline.internal.view.DefaultLifelineView;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read side of a store: what {@code health}, a dashboard or an embedder asks about jobs, the supervisor and the
 * sessions, each answered by one rule that lives in core (the supervisor's pass uses the same orphan rule and claim
 * order). It never writes: not a row, not the lease, not a session.
 *
 * <p>Build one with {@link #builder()} from a store and, optionally, the session runtime (without one, sessions are
 * reported as not observed). The built view is immutable and thread-safe (the ports it reads are). It does not own
 * the store or the runtime: closing them is the caller's.
 */
public interface LifelineView {

  /**
   * A new builder; {@link Builder#store} is required.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Everything below at one instant, judged by {@code query}; {@link HealthReport#healthy()} decides.
   *
   * @param query the thresholds
   * @return the report
   */
  HealthReport health(HealthQuery query);

  /**
   * How many jobs are in each state; every state is a key.
   *
   * @return the count per state
   */
  Map<JobState, Long> counts();

  /**
   * The active jobs (QUEUED, PROCESSING, VERIFICATION) unchanged for longer than {@code after}, oldest first. A
   * QUEUED job with a {@code notBefore} in the future is waiting, not stuck; once due it counts from then.
   *
   * @param after how long an active job may go unchanged
   * @return the stuck jobs, oldest first
   */
  List<Job> stuck(Duration after);

  /**
   * The supervisor lease, stale when its heartbeat is older than {@code staleAfter}; empty when none is recorded.
   *
   * @param staleAfter how old a heartbeat may be
   * @return the lease, or empty
   */
  Optional<HealthReport.SupervisorLease> lease(Duration staleAfter);

  /**
   * The sessions the runtime shows and the orphans among them (by the same rule the supervisor uses).
   *
   * @return the sessions and the orphans, or why the runtime could not be observed
   */
  HealthReport.Sessions sessions();

  /**
   * The QUEUED jobs the next pass would not start under {@code maxConcurrent}, and why, in claim order.
   *
   * @param maxConcurrent the supervisor's limit
   * @return the held-back jobs, in claim order
   */
  List<HeldBackJob> heldBack(int maxConcurrent);

  /**
   * Waits until the store changes (a commit from any process, where the store signals changes) or {@code timeout}
   * elapses, so a live view re-reads only when something moved. On a store that signals no changes it waits at most
   * a second and returns {@code true}: the caller re-reads, as a poll.
   *
   * @param timeout the longest wait
   * @return {@code true} when something may have changed
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean awaitChange(Duration timeout) throws InterruptedException;

  /** Mutable builder for {@link LifelineView}; not thread-safe. */
  final class Builder {
    private JobStore store;
    private SessionRuntime runtime;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The store to read (required); it is never written.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The runtime whose sessions to observe for orphans (optional); it is never started or stopped.
     *
     * @param runtime the runtime
     * @return this builder
     */
    public Builder runtime(SessionRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /**
     * The clock ages are measured with (default: system UTC); give the supervisor's lifecycle's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the view.
     *
     * @return a read-only view
     * @throws IllegalStateException when no store was given
     */
    public LifelineView build() {
      if (store == null) {
        throw new IllegalStateException("a LifelineView needs a store: call store(...) before build()");
      }
      return new DefaultLifelineView(store, runtime, clock);
    }
  }
}
