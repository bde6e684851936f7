package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.GroupSettings;
import dev.lifeline.Idle;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.spi.ControlChange;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group limits and pauses, and the drain, through the supervisor and the test harness. */
class GroupsAndDrainTest {

  private final LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(8)).build();

  private JobId submit(String name, String group) {
    return h.submit(JobSpec.builder("run", name).name(name).group(group).build()).id();
  }

  private long running(List<JobId> ids) {
    return ids.stream().filter(id -> h.job(id).state() == JobState.PROCESSING).count();
  }

  @Test
  void aGroupLimitCapsItsRunningJobsWhileOtherGroupsUseTheFreeSlots() {
    h.lifecycle().setGroup(new GroupSettings("gpu", 2, false), "ops");
    List<JobId> gpu = List.of(submit("g1", "gpu"), submit("g2", "gpu"), submit("g3", "gpu"), submit("g4", "gpu"));
    List<JobId> cpu = List.of(submit("c1", "cpu"), submit("c2", "cpu"), submit("c3", "cpu"));

    h.tick();
    assertThat(running(gpu)).isEqualTo(2);
    assertThat(running(cpu)).isEqualTo(3);

    h.endSession(gpu.get(0), 0).tick(3);
    assertThat(running(gpu)).as("one ended, the next took its place").isEqualTo(2);
    assertThat(h.job(gpu.get(2)).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.job(gpu.get(3)).state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void theSupervisorsLimitStaysTheCapOverEveryGroup() {
    LifecycleHarness small = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(2)).build();
    small.lifecycle().setGroup(new GroupSettings("gpu", 5, false), "ops");
    List<JobId> ids = List.of(small.submit(JobSpec.builder("a").group("gpu").build()).id(),
        small.submit(JobSpec.builder("b").group("gpu").build()).id(),
        small.submit(JobSpec.builder("c").group("gpu").build()).id());

    small.tick();

    assertThat(ids.stream().filter(id -> small.job(id).state() == JobState.PROCESSING).count()).isEqualTo(2);
  }

  @Test
  void aPausedGroupStartsNothingUntilResumedAndBothChangesAreRecorded() {
    h.lifecycle().setGroup(GroupSettings.open("nightly").withPaused(true), "alice");
    JobId paused = submit("n1", "nightly");
    JobId other = submit("d1", JobSpec.DEFAULT_GROUP);

    h.tick();
    assertThat(h.job(paused).state()).isEqualTo(JobState.QUEUED);
    assertThat(h.job(other).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.launches(paused)).isEmpty();

    h.advance(Duration.ofMinutes(1));
    h.lifecycle().setGroup(h.lifecycle().group("nightly").withPaused(false), "bob");
    h.tick();
    assertThat(h.job(paused).state()).isEqualTo(JobState.PROCESSING);
    assertThat(h.lifecycle().controlChanges(10)).extracting(ControlChange::target, ControlChange::setting,
        ControlChange::value, ControlChange::actor).containsExactly(
            org.assertj.core.groups.Tuple.tuple("group nightly", "paused", "false", "bob"),
            org.assertj.core.groups.Tuple.tuple("group nightly", "paused", "true", "alice"));
  }

  @Test
  void aDrainedStoreStartsNothingNewLetsRunningWorkEndAndAPersistedDrainOutlivesARestart() {
    LifecycleHarness one = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(1)).build();
    JobId first = one.submit(JobSpec.builder("run", "first").build()).id();
    JobId second = one.submit(JobSpec.builder("run", "second").build()).id();
    one.tick();
    assertThat(one.job(first).state()).isEqualTo(JobState.PROCESSING);

    one.lifecycle().setDraining(true, "ops");
    assertThat(one.supervisor().isDrained()).as("first is still running").isFalse();
    one.endSession(first, 0).tick(3);
    one.expectState(first, JobState.COMPLETED);
    assertThat(one.job(second).state()).as("nothing new starts").isEqualTo(JobState.QUEUED);
    assertThat(one.supervisor().isDrained()).isTrue();
    assertThat(one.supervisor().runUntilIdle(Duration.ofSeconds(30), Idle.NOTHING_ACTIVE))
        .as("a drained supervisor returns although a job is still QUEUED").isTrue();

    one.restartSupervisor();
    one.tick(2);
    assertThat(one.job(second).state()).as("the drain is persisted").isEqualTo(JobState.QUEUED);
    assertThat(one.launches(second)).isEmpty();

    one.lifecycle().setDraining(false, "ops");
    one.tick();
    assertThat(one.job(second).state()).isEqualTo(JobState.PROCESSING);
    assertThat(one.supervisor().isDrained()).isFalse();
  }
}
