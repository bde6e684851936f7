package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A START guard sees the running jobs, as a read-only list, also inside the claim. */
class GuardContextRunningJobsTest {

  private final InMemoryJobStore store = new InMemoryJobStore();
  private final List<List<String>> seen = new ArrayList<>();

  /** Refuses a second job of the same name while one runs. */
  private final JobGuard oneOfEachName = c -> {
    seen.add(c.runningJobs().stream().map(Job::name).toList());
    return c.runningJobs().stream().anyMatch(j -> j.name().equals(c.job().name()))
        ? JobGuard.refuse(c.job().name() + " is already running") : JobGuard.allow();
  };

  private final Lifecycle lc = Lifecycle.builder().store(store).clock(MutableClock.startingAt2026())
      .guard(JobEvent.START, "oneOfEachName", oneOfEachName).build();

  @Test
  void insideTheClaimAStartGuardSeesTheRunningJobsAndCanRefuseByThem() {
    lc.submit(JobSpec.builder("x").name("build").build());
    lc.submit(JobSpec.builder("x").name("build").build());
    JobId test = lc.submit(JobSpec.builder("x").name("test").build()).id();

    assertThat(lc.startNext(10)).map(JobChange::job).map(Job::name).contains("build");
    JobChange second = lc.startNext(10).orElseThrow();

    assertThat(second.id()).isEqualTo(test);
    assertThat(seen).contains(List.of("build"));
    assertThat(lc.counts().get(JobState.PROCESSING)).isEqualTo(2L);
  }

  @Test
  void firingStartDirectlyShowsTheSameRunningJobs() {
    Job first = lc.submit(JobSpec.builder("x").name("build").build()).job();
    Job second = lc.submit(JobSpec.builder("x").name("build").build()).job();
    lc.fire(first, JobEvent.START, EventContext.none());

    assertThatThrownBy(() -> lc.fire(second, JobEvent.START, EventContext.none()))
        .isInstanceOf(GuardRejectedException.class).hasMessageContaining("build is already running");
  }

  @Test
  void theRunningJobsCannotBeChangedByAGuard() {
    List<Throwable> refused = new ArrayList<>();
    Lifecycle meddling = Lifecycle.builder().store(store).guard(JobEvent.START, "meddles", c -> {
      try {
        c.runningJobs().add(c.job());
      } catch (UnsupportedOperationException e) {
        refused.add(e);
      }
      return JobGuard.allow();
    }).build();
    Job a = meddling.submit(JobSpec.builder("x").build()).job();
    meddling.fire(a, JobEvent.START, EventContext.none());
    meddling.submit(JobSpec.builder("x").build());

    meddling.startNext(5);

    assertThat(refused).hasSize(2);
  }

  @Test
  void otherEventsListNoRunningJobs() {
    List<Integer> sizes = new ArrayList<>();
    Lifecycle cancelling = Lifecycle.builder().store(store).guard(JobEvent.CANCEL, "looks", c -> {
      sizes.add(c.runningJobs().size());
      return JobGuard.allow();
    }).build();
    Job a = cancelling.submit(JobSpec.builder("x").build()).job();
    cancelling.fire(a, JobEvent.START, EventContext.none());

    cancelling.cancel(a.id(), null, null);

    assertThat(sizes).containsExactly(0);
  }
}
