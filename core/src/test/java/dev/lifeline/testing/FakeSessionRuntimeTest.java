package dev.lifeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionRuntimeContract;
import dev.lifeline.spi.SessionStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake runtime passes the runtime contract, and its test controls do what they say. */
class FakeSessionRuntimeTest extends SessionRuntimeContract {

  private final MutableClock clock = MutableClock.startingAt2026();

  @Override
  protected SessionRuntime newRuntime() {
    return new FakeSessionRuntime(clock);
  }

  @Override
  protected JobSpec specExiting(int code) {
    return JobSpec.builder("sh", "-c", "exit " + code).name("exits " + code).build();
  }

  @Override
  protected JobSpec specRunningUntilStopped() {
    return JobSpec.builder("sleep", "600").name("sleeps").build();
  }

  @Override
  protected void vanish(SessionRuntime runtime, SessionHandle handle) {
    ((FakeSessionRuntime) runtime).vanish(handle.jobId());
  }

  @Override
  protected void endsByItself(SessionRuntime runtime, SessionHandle handle, int code) {
    ((FakeSessionRuntime) runtime).exit(handle.jobId(), code);
  }

  /** The fake answers at the first look, so a failing wait need not poll for long. */
  @Override
  protected Duration observationDeadline() {
    return Duration.ofSeconds(1);
  }

  private FakeSessionRuntime fake() {
    return (FakeSessionRuntime) runtime;
  }

  // ---- the fake's own controls --------------------------------------------------------------------------------

  @Test
  void aBrokenRuntimeObservesUnknownWithItsReasonUntilRepaired() {
    SessionHandle h = start(processing(specRunningUntilStopped(), 1));

    fake().breakRuntime("tmux timed out");
    Observation broken = fake().observeAll();

    assertThat(broken.healthy()).isFalse();
    assertThat(broken.unknownReason()).isEqualTo("tmux timed out");
    assertThat(broken.statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
    assertThat(broken.sessions()).isEmpty();

    fake().repairRuntime();
    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void observationsAreStampedWithTheClock() {
    clock.advance(Duration.ofMinutes(3));

    assertThat(fake().observeAll().at()).isEqualTo(clock.instant());
    fake().breakRuntime("down");
    assertThat(fake().observeAll().at()).isEqualTo(clock.instant());
  }

  @Test
  void failedLaunchesThrowTheReasonAndStartNothingUntilCleared() {
    Job job = processing(specRunningUntilStopped(), 1);
    fake().failLaunches("no such binary: tmux");

    assertThatThrownBy(() -> fake().start(job)).isInstanceOf(LaunchException.class)
        .hasMessage("no such binary: tmux");
    assertThat(fake().started()).isEmpty();
    assertThat(fake().isRunning(job.id())).isFalse();

    fake().failLaunches(null);
    SessionHandle h = start(job);
    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void aJobWithoutAnAttemptOrSessionIsNotLaunched() {
    Job queued = Job.queued(JobId.of(77), specRunningUntilStopped(), null, clock.instant());

    assertThatThrownBy(() -> fake().start(queued)).isInstanceOf(LaunchException.class);
    assertThat(fake().started()).isEmpty();
  }

  @Test
  void anInvisiblyStartedSessionIsDeadUntilRevealed() {
    fake().startInvisibly(true);
    Job job = processing(specRunningUntilStopped(), 1);
    SessionHandle h = start(job);

    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.DEAD);
    assertThat(fake().isRunning(job.id())).isTrue();

    fake().reveal(job.id());
    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void sessionsStartedAfterInvisibilityIsTurnedOffAreVisible() {
    fake().startInvisibly(true);
    fake().startInvisibly(false);

    SessionHandle h = start(processing(specRunningUntilStopped(), 1));

    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void killingTheServerEndsEverySessionButKeepsRecordedExitCodes() {
    SessionHandle a = start(processing(specRunningUntilStopped(), 1));
    SessionHandle b = start(processing(specRunningUntilStopped(), 1));
    SessionHandle done = start(processing(specExiting(4), 1));
    fake().exit(done.jobId(), 4);

    fake().killServer();
    Observation seen = fake().observeAll();

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(a)).isEqualTo(SessionStatus.DEAD);
    assertThat(seen.statusOf(b)).isEqualTo(SessionStatus.DEAD);
    assertThat(seen.statusOf(done)).isEqualTo(SessionStatus.exited(4));
    assertThat(fake().running()).isEmpty();
  }

  @Test
  void anExitedSessionStaysExitedAfterItIsStopped() {
    SessionHandle h = start(processing(specExiting(0), 1));
    fake().exit(h.jobId(), 0);

    fake().stop(h);

    assertThat(fake().observeAll().statusOf(h)).isEqualTo(SessionStatus.exited(0));
  }

  @Test
  void startsAndStopsAreRecordedInOrder() {
    SessionHandle a = start(processing(specRunningUntilStopped(), 1));
    SessionHandle b = start(processing(specRunningUntilStopped(), 1));

    fake().stop(b);
    fake().stop(a);

    assertThat(fake().started()).containsExactly(a, b);
    assertThat(fake().stopped()).containsExactly(b, a);
    assertThat(fake().running()).isEmpty();
  }

  @Test
  void exitAndVanishActOnTheJobsLatestAttempt() {
    Job first = processing(specRunningUntilStopped(), 1);
    SessionHandle h1 = start(first);
    SessionHandle h2 = start(attempt(first, 2));

    fake().vanish(first.id());

    Observation seen = fake().observeAll();
    assertThat(seen.statusOf(h2)).isEqualTo(SessionStatus.DEAD);
    assertThat(seen.statusOf(h1)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void exitOrVanishOfAJobWithoutASessionIsATestMistake() {
    assertThatThrownBy(() -> fake().exit(JobId.of(5), 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> fake().vanish(JobId.of(5))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aForeignTaggedSessionIsObservedAlive() {
    SessionHandle orphan = fake().addForeignTaggedSession(JobId.of(9), 2, "orphan-9-2");

    assertThat(fake().observeAll().statusOf(orphan)).isEqualTo(SessionStatus.ALIVE);
    assertThat(fake().started()).isEmpty();
    assertThat(fake().isRunning(JobId.of(9))).isTrue();
  }
}
