package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.verified;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Idle;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.VerifierSpec;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code runUntilIdle(timeout, idle)}: returns true once idle, false when the timeout passes first. */
class RunUntilIdleTest {

  @Test
  void operatorWaitsOnlyReturnsWhileAJobWaitsForApproval() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(verified("needs a human", new VerifierSpec.Approval())).id();
    h.tick();
    h.endSession(id, 0);

    boolean idle = h.supervisor().runUntilIdle(Duration.ofMinutes(1), Idle.OPERATOR_WAITS_ONLY);

    assertThat(idle).isTrue();
    h.expectState(id, JobState.VERIFICATION);
    assertThat(h.supervisor().isIdle()).as("by the strict rule the job is still active").isFalse();
  }

  @Test
  void aStoreWithNothingActiveIsIdleAtOnce() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("quick")).id();
    h.tick();
    h.endSession(id, 0);

    assertThat(h.supervisor().runUntilIdle(Duration.ofMinutes(1))).isTrue();
    h.expectState(id, JobState.COMPLETED);
    assertThat(h.store().leases().current()).as("the lease is released").isEmpty();
  }

  @Test
  void theTimeoutPassingFirstReturnsFalseAndReleasesTheLease() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.pollInterval(Duration.ofMillis(10))).build();
    JobId id = h.submit(job("forever")).id();

    boolean idle = h.supervisor().runUntilIdle(Duration.ofMillis(50));

    assertThat(idle).isFalse();
    h.expectState(id, JobState.PROCESSING);
    assertThat(h.store().leases().current()).isEmpty();
  }

  @Test
  void withoutTheOptionAJobWaitingForApprovalIsNotIdle() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.pollInterval(Duration.ofMillis(10))).build();
    JobId id = h.submit(verified("needs a human", new VerifierSpec.Approval())).id();
    h.tick();
    h.endSession(id, 0);

    assertThat(h.supervisor().runUntilIdle(Duration.ofMillis(50), Idle.NOTHING_ACTIVE)).isFalse();
    h.expectState(id, JobState.VERIFICATION);
  }
}
