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

  @Test
  void rowsThatCannotBeReadDoNotKeepTheSupervisorFromBeingIdle() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.pollInterval(Duration.ofMillis(10))).build();
    JobId good = h.submit(job("good")).id();
    JobId queued = h.inMemoryStore().plantUnreadableRow(JobState.QUEUED, "argv is not a JSON array");
    JobId verifying = h.inMemoryStore().plantUnreadableRow(JobState.VERIFICATION, "priority is not a number");
    JobId failed = h.inMemoryStore().plantUnreadableRow(JobState.FAILED, "failure_reason 'OOPS' is not a known reason");
    h.tick();
    h.endSession(good, 0);

    boolean idle = h.supervisor().runUntilIdle(Duration.ofSeconds(10), Idle.OPERATOR_WAITS_ONLY);

    assertThat(idle).as("nothing the supervisor can act on is left; the damaged rows are skipped with notices")
        .isTrue();
    h.expectState(good, JobState.COMPLETED);
    assertThat(h.supervisor().isIdle()).isTrue();
    assertThat(h.inMemoryStore().listReadable(new dev.lifeline.spi.JobQuery(java.util.Set.of(JobState.values()),
        100), row -> { })).extracting(j -> j.id()).containsExactly(good).doesNotContain(queued, verifying, failed);
  }
}
