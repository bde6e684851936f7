package dev.lifeline.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionRuntimeContract;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The planning runtime keeps the runtime contract over what it records ({@link SessionRuntimeContract}), observes
 * through to the real runtime, and never starts or stops anything real. A session it recorded can only end from
 * outside as far as the real runtime reports it (an exit code), or by a recorded stop (standing in for a kill).
 */
class PlanningRuntimeTest extends SessionRuntimeContract {

  private final MutableClock clock = MutableClock.startingAt2026();
  private final FakeSessionRuntime real = new FakeSessionRuntime(clock);

  @Override
  protected SessionRuntime newRuntime() {
    return new PlanningRuntime(real, clock);
  }

  @Override
  protected JobSpec specExiting(int code) {
    return JobSpec.builder("sh", "-c", "exit " + code).name("exits " + code).build();
  }

  @Override
  protected JobSpec specRunningUntilStopped() {
    return JobSpec.builder("sleep", "600").name("sleeps").build();
  }

  /** The plan cannot see a kill of a session that never ran; a recorded stop stands in for it. */
  @Override
  protected void vanish(SessionRuntime runtime, SessionHandle handle) {
    runtime.stop(handle);
  }

  /** The real runtime reports an exit code for the attempt, as an exit file would. */
  @Override
  protected void endsByItself(SessionRuntime runtime, SessionHandle handle, int code) {
    real.addForeignTaggedSession(handle.jobId(), handle.attempt(), handle.name());
    real.exit(handle.jobId(), code);
  }

  @Override
  protected Duration observationDeadline() {
    return Duration.ofSeconds(1);
  }

  @Test
  void startsAndStopsAreRecordedAndNeverReachTheRealRuntime() {
    Job job = processing(specRunningUntilStopped(), 1);
    SessionHandle other = real.addForeignTaggedSession(JobId.of(1), 1, "real-1-1");
    PlanningRuntime plan = (PlanningRuntime) runtime;

    SessionHandle h = plan.start(job);
    plan.stop(other);

    assertThat(real.started()).isEmpty();
    assertThat(real.stopped()).isEmpty();
    assertThat(real.running()).containsExactly(other);
    assertThat(plan.recordedStarts()).containsExactly(h);
    assertThat(plan.recordedStops()).containsExactly(other);
    assertThat(plan.observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
    assertThat(plan.observeAll().statusOf(other)).isEqualTo(SessionStatus.DEAD);
  }

  @Test
  void anUnknownRealRuntimeIsUnknownInThePlan() {
    real.breakRuntime("tmux timed out");

    assertThat(runtime.observeAll().healthy()).isFalse();
    assertThat(runtime.observeAll().unknownReason()).isEqualTo("tmux timed out");
  }
}
