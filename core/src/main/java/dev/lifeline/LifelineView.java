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

  /** Everything below at one instant, judged by {@code query}; {@link HealthReport#healthy()} decides. */
  HealthReport health(HealthQuery query);

  /** How many jobs are in each state; every state is a key. */
  Map<JobState, Long> counts();

  /**
   * The active jobs (QUEUED, PROCESSING, VERIFICATION) unchanged for longer than {@code after}, oldest first. A
   * QUEUED job with a {@code notBefore} in the future is waiting, not stuck; once due it counts from then.
   */
  List<Job> stuck(Duration after);

  /** The supervisor lease, stale when its heartbeat is older than {@code staleAfter}; empty when none is recorded. */
  Optional<HealthReport.SupervisorLease> lease(Duration staleAfter);

  /** The sessions the runtime shows and the orphans among them (by the same rule the supervisor uses). */
  HealthReport.Sessions sessions();

  /** The QUEUED jobs the next pass would not start under {@code maxConcurrent}, and why, in claim order. */
  List<HeldBackJob> heldBack(int maxConcurrent);

  /** Mutable builder for {@link LifelineView}; not thread-safe. */
  final class Builder {
    private JobStore store;
    private SessionRuntime runtime;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The store to read (required); it is never written. */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The runtime whose sessions to observe for orphans (optional); it is never started or stopped. */
    public Builder runtime(SessionRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /** The clock ages are measured with (default: system UTC); give the supervisor's lifecycle's clock. */
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
