package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.LifecycleHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link Lifecycle#cancel} only commits; whoever cancelled, the supervisor's next pass ends the running session (after
 * the commit, keyed by the attempt), and a harness can run on the user's own store.
 */
class OperatorCancelTest {

  @Test
  void aCancelOnlyCommitsAndTheNextPassEndsTheRunningSession() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("sleep", "600").name("long").build()).id();
    h.tick();
    SessionHandle session = h.launches(id).get(0);

    h.lifecycle().cancel(id, "superseded", "alice");

    assertThat(h.runtime().stopped()).as("the verb stops nothing itself").isEmpty();
    assertThat(h.runtime().isRunning(id)).isTrue();

    h.tick();

    assertThat(h.runtime().stopped()).containsExactly(session);
    assertThat(h.runtime().isRunning(id)).isFalse();
    assertThat(h.expectFailed(id, FailureReason.CANCELLED).failureDetail()).isEqualTo("superseded");
  }

  @Test
  void aCancelByAnotherProcessOnTheSameStoreIsSeenByTheRunningSupervisor() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("sleep", "600").name("long").build()).id();
    h.tick();
    // An operator's CLI: its own lifecycle, on the same store, with no runtime at all.
    Lifecycle operator = Lifecycle.builder().store(h.store()).clock(h.clock()).build();

    operator.cancel(id, null, "operator");
    h.tick();

    assertThat(h.runtime().stopped()).extracting(SessionHandle::jobId).containsExactly(id);
    assertThat(h.job(id).state()).isEqualTo(JobState.FAILED);
    assertThat(h.launches(id)).hasSize(1);
  }

  @Test
  void theHarnessRunsOnTheUsersOwnStore() {
    InMemoryJobStore mine = new InMemoryJobStore();
    LifecycleHarness h = LifecycleHarness.builder().store(mine).build();

    JobId id = h.submit(JobSpec.builder("true").build()).id();
    h.tick();
    h.endSession(id, 0);
    h.tick();

    assertThat(h.store()).isSameAs(mine);
    assertThat(mine.find(id)).get().extracting(j -> j.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void theHarnessVerbsGoThroughTheLifecycleAsTheOperator() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("true").build()).id();

    h.cancel(id);

    assertThat(h.history(id).get(h.history(id).size() - 1).actor()).isEqualTo(LifecycleHarness.OPERATOR);
  }
}
