package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
import dev.lifeline.spi.Launch;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pass commits what it decides together: a backlog is claimed in one claim and launched in one runtime call, and
 * jobs that exit together end in one batched write per step, each still its own compare-and-set.
 */
class BatchedPassTest {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final CountingJobStore store = new CountingJobStore(new InMemoryJobStore());
  private final FakeSessionRuntime fake = new FakeSessionRuntime(clock);
  private final BatchRuntime runtime = new BatchRuntime(fake, null);
  private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).build();

  private Supervisor supervisor(SessionRuntime rt) {
    return Supervisor.builder().lifecycle(lifecycle).runtime(rt).maxConcurrent(4).build();
  }

  private List<JobId> submit(int n) {
    List<JobId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(lifecycle.submit(JobSpec.builder("true").name("job-" + i).build()).id());
    }
    return ids;
  }

  @Test
  void aBacklogIsStartedInOneClaimAndLaunchedInOneRuntimeCall() {
    List<JobId> ids = submit(6);
    store.reset();

    PassReport pass = supervisor(runtime).tick();

    assertThat(store.tally()).containsEntry("claimAll", "1 calls, 4 rows").doesNotContainKey("claimNext");
    assertThat(runtime.batches).containsExactly(4);
    assertThat(pass.actions()).filteredOn(a -> a.kind() == PassReport.Kind.LAUNCH).hasSize(4);
    assertThat(ids.subList(0, 4)).allSatisfy(id -> assertThat(fake.isRunning(id)).isTrue());
    assertThat(ids.subList(4, 6)).allSatisfy(id -> assertThat(lifecycle.get(id).state()).isEqualTo(JobState.QUEUED));
  }

  @Test
  void jobsExitingTogetherEndInOneBatchedWritePerStep() {
    List<JobId> ids = submit(4);
    Supervisor supervisor = supervisor(runtime);
    supervisor.tick();
    clock.advance(Duration.ofSeconds(5));
    ids.forEach(id -> fake.exit(id, 0));
    store.reset();

    supervisor.tick();

    // one batch of EXITED in the processing step, one of PASS (no verifiers) in the verification step
    assertThat(store.tally()).containsEntry("compareAndSetAll", "2 calls, 8 rows")
        .doesNotContainKey("compareAndSet");
    for (JobId id : ids) {
      assertThat(lifecycle.get(id).state()).isEqualTo(JobState.COMPLETED);
      assertThat(lifecycle.history(id)).extracting(Transition::event)
          .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
    }
  }

  @Test
  void aLaunchRefusedInsideABatchFailsThatJobAloneAndTheOthersRun() {
    List<JobId> ids = submit(3);
    BatchRuntime refusesSecond = new BatchRuntime(fake, ids.get(1));

    supervisor(refusesSecond).tick();

    Job refused = lifecycle.get(ids.get(1));
    assertThat(refused.state()).isEqualTo(JobState.FAILED);
    assertThat(refused.failureReason()).isEqualTo(FailureReason.LAUNCH_FAILED);
    assertThat(refused.failureDetail()).contains("no room for this one");
    assertThat(fake.isRunning(ids.get(0))).isTrue();
    assertThat(fake.isRunning(ids.get(2))).isTrue();
    assertThat(lifecycle.get(ids.get(2)).state()).isEqualTo(JobState.PROCESSING);
  }

  /** Records the size of each {@link #startAll} batch; refuses one job's launch when told to. */
  private static final class BatchRuntime implements SessionRuntime {
    final List<Integer> batches = new ArrayList<>();
    private final FakeSessionRuntime fake;
    private final JobId refuse;

    BatchRuntime(FakeSessionRuntime fake, JobId refuse) {
      this.fake = fake;
      this.refuse = refuse;
    }

    @Override
    public List<Launch> startAll(List<Job> jobs) {
      batches.add(jobs.size());
      List<Launch> out = new ArrayList<>();
      for (Job j : jobs) {
        out.add(j.id().equals(refuse) ? Launch.failed(j, new LaunchException("no room for this one"))
            : Launch.started(j, fake.start(j)));
      }
      return out;
    }

    @Override
    public SessionHandle start(Job job) {
      throw new AssertionError("a pass launches through startAll");
    }

    @Override
    public Observation observeAll() {
      return fake.observeAll();
    }

    @Override
    public void stop(SessionHandle handle) {
      fake.stop(handle);
    }
  }

}
