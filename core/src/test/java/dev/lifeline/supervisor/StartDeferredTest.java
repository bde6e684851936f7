package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobGuard;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.event.Notice;
import dev.lifeline.testing.LifecycleHarness;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A START refused by a guard during a pass is told once per job and reason, never silently and never every pass. */
class StartDeferredTest {

  @Test
  void aGuardRefusingStartIsToldOncePerJobAndReason() {
    AtomicReference<String> refusal = new AtomicReference<>("outside office hours");
    LifecycleHarness h = LifecycleHarness.builder()
        .lifecycle(l -> l.guard(JobEvent.START, "office-hours",
            c -> refusal.get() == null ? JobGuard.allow() : JobGuard.refuse(refusal.get())))
        .build();
    JobId id = h.submit(job("report")).id();

    h.tick(3);
    refusal.set("the building is closed");
    h.tick(2);

    assertThat(h.notices(Notice.StartDeferred.class)).extracting(Notice.StartDeferred::jobId,
            Notice.StartDeferred::guard, Notice.StartDeferred::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id, "office-hours", "outside office hours"),
            org.assertj.core.groups.Tuple.tuple(id, "office-hours", "the building is closed"));
    refusal.set(null);
    h.tick();
    h.expectState(id, JobState.PROCESSING);
  }

  @Test
  void aJobWaitingOnlyForAFreeSlotIsNotToldAsDeferred() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(1)).build();
    h.submit(job("first"));
    JobId second = h.submit(job("second")).id();

    h.tick(2);

    h.expectState(second, JobState.QUEUED);
    assertThat(h.notices(Notice.StartDeferred.class)).isEmpty();
  }

  @Test
  void aStartGuardThatThrowsIsToldAsAJobThatFailedToBeHandled() {
    LifecycleHarness h = LifecycleHarness.builder()
        .lifecycle(l -> l.guard(JobEvent.START, "flaky", c -> {
          if (c.job().name().equals("poison")) {
            throw new IllegalStateException("guard bug");
          }
          return JobGuard.allow();
        }))
        .build();
    JobId poison = h.submit(job("poison")).id();
    JobId good = h.submit(job("good")).id();

    h.tick();

    h.expectState(good, JobState.PROCESSING);
    h.expectState(poison, JobState.QUEUED);
    assertThat(h.notices(Notice.JobFailedToHandle.class)).singleElement().satisfies(n -> {
      assertThat(n.jobId()).isEqualTo(poison);
      assertThat(n.step()).isEqualTo("start");
      assertThat(n.problem()).contains("guard bug");
    });
  }
}
