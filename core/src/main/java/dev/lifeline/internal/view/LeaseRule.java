package dev.lifeline.internal.view;

import dev.lifeline.HealthProblem;
import dev.lifeline.HealthReport.SupervisorLease;
import dev.lifeline.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one lease rule: a heartbeat older than the staleness threshold (strictly, as a supervisor taking the lease over
 * judges it) means no supervisor works on the store; with active jobs and no fresh lease, that is
 * {@link HealthProblem.NoSupervisor}. Stateless and thread-safe.
 */
public final class LeaseRule {

  private LeaseRule() {}

  /** True when {@code heartbeat} is more than {@code staleAfter} before {@code now}. */
  public static boolean isStale(Instant heartbeat, Instant now, Duration staleAfter) {
    return Duration.between(heartbeat, now).compareTo(staleAfter) > 0;
  }

  /** {@code lease} as health reports it at {@code now}. */
  public static SupervisorLease describe(Lease lease, Instant now, Duration staleAfter) {
    return new SupervisorLease(lease.holder(), lease.host(), lease.pid(), lease.acquiredAt(), lease.heartbeat(),
        Duration.between(lease.heartbeat(), now), isStale(lease.heartbeat(), now, staleAfter));
  }

  /** The problem when {@code activeJobs} need a supervisor and {@code lease} is absent or stale; else empty. */
  public static Optional<HealthProblem.NoSupervisor> judge(long activeJobs, Optional<SupervisorLease> lease) {
    if (activeJobs == 0 || lease.map(l -> !l.stale()).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(lease.map(l -> new HealthProblem.NoSupervisor(activeJobs, l.holder(), l.heartbeatAge()))
        .orElseGet(() -> new HealthProblem.NoSupervisor(activeJobs, null, null)));
  }
}
