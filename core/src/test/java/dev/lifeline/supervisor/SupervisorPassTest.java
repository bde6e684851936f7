package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Transition;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PROCESSING rules of one pass: EXITED, LOST, the start grace, consecutive DEAD, launching. */
class SupervisorPassTest {

  @Test
  void aHealthyRunIsLeftAlone() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("healthy")).id();

    assertThat(labels(h.tick())).containsExactly("START", "LAUNCH");
    for (int i = 0; i < 20; i++) {
      h.advance(Duration.ofMinutes(5));
      PassReport r = h.tick();
      assertThat(r.actions()).isEmpty();
      assertThat(r.notices()).isEmpty();
    }

    Job job = h.expectState(id, JobState.PROCESSING);
    assertThat(job.attempt()).isEqualTo(1);
    assertThat(h.launches(id)).hasSize(1);
    assertThat(h.runtime().stopped()).isEmpty();
    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.START);
  }

  @Test
  void sessionEndWithExitZeroAndNoVerifiersEndsCompletedNeverFailed() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("ok")).id();
    h.tick();
    h.advance(Duration.ofMinutes(1)).endSession(id, 0);

    PassReport r = h.tick();

    assertThat(labels(r)).containsExactly("EXITED", "PASS");
    Job job = h.expectState(id, JobState.COMPLETED);
    assertThat(job.exitCode()).isZero();
    assertThat(job.failureReason()).isNull();
    h.advance(Duration.ofHours(1)).tick(5);
    h.expectState(id, JobState.COMPLETED);
    assertThat(h.events(id)).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
  }

  @Test
  void exitNonZeroFailsWithExitCode() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("broken")).id();
    h.tick();
    h.endSession(id, 3);

    h.tick();

    Job job = h.expectFailed(id, FailureReason.EXIT_CODE);
    assertThat(job.exitCode()).isEqualTo(3);
  }

  @Test
  void crashedSessionBecomesFailedWithSessionLostThenRetriedInANewSession() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("crashy", 2)).id();
    h.tick();
    h.advance(Duration.ofSeconds(30)).vanish(id);

    PassReport first = h.tick();
    assertThat(first.actions()).isEmpty();
    assertThat(first.notices(Notice.SessionMissing.class)).extracting(Notice.SessionMissing::count).containsExactly(1);
    h.expectState(id, JobState.PROCESSING);

    PassReport second = h.tick();
    assertThat(labels(second)).containsExactly("LOST", "RETRY");
    Transition lost = h.history(id).get(2);
    assertThat(lost.event()).isEqualTo(JobEvent.LOST);
    assertThat(lost.to()).isEqualTo(JobState.FAILED);
    assertThat(lost.reason()).isEqualTo(FailureReason.SESSION_LOST);
    Job queued = h.expectState(id, JobState.QUEUED);
    assertThat(queued.notBefore()).isEqualTo(h.clock().instant().plusSeconds(5));

    h.advance(Duration.ofSeconds(5));
    assertThat(labels(h.tick())).containsExactly("START", "LAUNCH");
    List<SessionHandle> launches = h.launches(id);
    assertThat(launches).extracting(SessionHandle::attempt).containsExactly(1, 2);
    assertThat(launches.get(1).name()).isNotEqualTo(launches.get(0).name());
    assertThat(h.runtime().isRunning(id)).isTrue();
  }

  @Test
  void crashedSessionWithoutAttemptsLeftStaysFailedWithSessionLost() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("once")).id();
    h.tick();
    h.advance(Duration.ofSeconds(30)).vanish(id);

    h.tick(2);
    h.advance(Duration.ofMinutes(10)).tick(3);

    Job job = h.expectFailed(id, FailureReason.SESSION_LOST);
    assertThat(job.failureDetail()).contains("not seen on 2 consecutive observations");
    assertThat(h.launches(id)).hasSize(1);
  }

  @Test
  void aSessionNotYetVisibleWithinTheGracePeriodIsNotFailed() {
    LifecycleHarness h = LifecycleHarness.create();
    h.runtime().startInvisibly(true);
    JobId id = h.submit(job("slow-to-appear")).id();
    h.tick();

    for (int i = 0; i < 4; i++) {
      h.advance(Duration.ofSeconds(1));
      PassReport r = h.tick();
      assertThat(r.actions()).isEmpty();
      assertThat(r.notices()).isEmpty();
    }
    h.runtime().reveal(id);
    h.advance(Duration.ofSeconds(10)).tick(3);

    h.expectState(id, JobState.PROCESSING);
    assertThat(h.notices(Notice.SessionMissing.class)).isEmpty();
  }

  @Test
  void aSessionStillInvisibleAfterTheGraceIsCountedAndThenLost() {
    LifecycleHarness h = LifecycleHarness.create();
    h.runtime().startInvisibly(true);
    JobId id = h.submit(job("never-appears")).id();
    h.tick();
    h.advance(Duration.ofSeconds(5));

    h.tick(2);

    h.expectFailed(id, FailureReason.SESSION_LOST);
  }

  @Test
  void deadMustBeSeenOnConsecutivePasses() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.lostAfter(3)).build();
    h.runtime().startInvisibly(true);
    JobId id = h.submit(job("flaky")).id();
    h.tick();
    h.advance(Duration.ofSeconds(10));

    h.tick(2);                 // DEAD, DEAD
    h.runtime().reveal(id);
    h.tick();                  // ALIVE: the count starts over
    h.vanish(id);
    h.tick(2);                 // DEAD, DEAD
    h.expectState(id, JobState.PROCESSING);
    h.tick();                  // DEAD the third consecutive time

    h.expectFailed(id, FailureReason.SESSION_LOST);
    assertThat(h.notices(Notice.SessionMissing.class)).extracting(Notice.SessionMissing::count)
        .containsExactly(1, 2, 1, 2, 3);
  }

  @Test
  void anExitArtifactFoundAfterTheSessionVanishedWinsOverLost() {
    LifecycleHarness h = LifecycleHarness.create();
    h.runtime().startInvisibly(true);
    JobId id = h.submit(job("late-exit-file")).id();
    h.tick();
    h.advance(Duration.ofSeconds(10));
    h.tick();                        // not seen once
    h.endSession(id, 0);             // the wrapper's exit file lands

    assertThat(labels(h.tick())).containsExactly("EXITED", "PASS");

    h.expectState(id, JobState.COMPLETED);
    assertThat(h.events(id)).doesNotContain(JobEvent.LOST);
  }

  @Test
  void anExitArtifactIsReadEvenWhenTheSessionIsLongGone() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.lostAfter(1)).build();
    JobId id = h.submit(job("exited-while-nobody-watched")).id();
    h.tick();
    h.endSession(id, 0);
    h.advance(Duration.ofHours(3));

    h.tick();

    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aLaunchFailureIsLostWithLaunchFailed() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("unlaunchable")).id();
    h.failLaunches("tmux: server exited unexpectedly");

    PassReport r = h.tick();

    assertThat(labels(r)).containsExactly("START", "LOST");
    Job job = h.expectFailed(id, FailureReason.LAUNCH_FAILED);
    assertThat(job.failureDetail()).contains("tmux: server exited unexpectedly");
    assertThat(r.notices(Notice.LaunchFailed.class)).singleElement()
        .satisfies(n -> assertThat(n.reason()).isEqualTo("tmux: server exited unexpectedly"));
  }

  @Test
  void aLaunchFailureIsRetriedWhenAttemptsRemain() {
    LifecycleHarness h = LifecycleHarness.builder().backoff(Backoff.none()).build();
    JobId id = h.submit(job("second-time-lucky", 2)).id();
    h.failLaunches("no space left on device");
    assertThat(labels(h.tick())).containsExactly("START", "LOST");
    h.expectFailed(id, FailureReason.LAUNCH_FAILED);

    h.failLaunches(null);
    assertThat(labels(h.tick())).containsExactly("RETRY", "START", "LAUNCH");

    Job job = h.expectState(id, JobState.PROCESSING);
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(h.launches(id)).extracting(SessionHandle::attempt).containsExactly(2);
  }

  @Test
  void theSessionIsLaunchedOnlyAfterStartCommitted() {
    LifecycleHarness h = LifecycleHarness.create();
    RecordingRuntime runtime = new RecordingRuntime(h.runtime(), h.store());
    var supervisor = dev.lifeline.Supervisor.builder().lifecycle(h.lifecycle()).runtime(runtime).build();
    JobId id = h.submit(job("ordered")).id();

    supervisor.tick();

    assertThat(runtime.startsSeen()).containsExactly(id + " attempt 1 stored as PROCESSING attempt 1");
  }

  @Test
  void repeatingTickNeverLaunchesAnAttemptTwice() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(2)).build();
    JobId a = h.submit(job("a")).id();
    JobId b = h.submit(job("b")).id();
    JobId c = h.submit(job("c")).id();

    h.tick(10);
    h.restartSupervisor();
    h.tick(10);

    assertThat(h.runtime().started()).hasSize(2).doesNotHaveDuplicates();
    assertThat(h.launches(a)).hasSize(1);
    assertThat(h.launches(b)).hasSize(1);
    h.expectState(c, JobState.QUEUED);
  }

  @Test
  void maxConcurrentIsRespectedAndHigherPriorityStartsFirst() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.maxConcurrent(2)).build();
    JobId low = h.submit(dev.lifeline.JobSpec.builder("run").name("low").priority(0).build()).id();
    JobId high = h.submit(dev.lifeline.JobSpec.builder("run").name("high").priority(9).build()).id();
    JobId mid = h.submit(dev.lifeline.JobSpec.builder("run").name("mid").priority(5).build()).id();

    h.tick();
    h.expectState(high, JobState.PROCESSING);
    h.expectState(mid, JobState.PROCESSING);
    h.expectState(low, JobState.QUEUED);

    h.endSession(high, 0);
    h.tick();

    h.expectState(high, JobState.COMPLETED);
    h.expectState(low, JobState.PROCESSING);
  }

  @Test
  void aRetryWaitsOutItsBackoff() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("retry-later", 2)).id();
    h.tick();
    h.endSession(id, 1);
    assertThat(labels(h.tick())).containsExactly("EXITED", "RETRY");

    h.advance(Duration.ofSeconds(4));
    assertThat(h.tick().actions()).isEmpty();
    h.expectState(id, JobState.QUEUED);

    h.advance(Duration.ofSeconds(1));
    assertThat(labels(h.tick())).containsExactly("START", "LAUNCH");
    assertThat(h.job(id).attempt()).isEqualTo(2);
  }

  @Test
  void aCancelledJobIsNeverRetried() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("unwanted", 5)).id();
    h.cancel(id);

    h.advance(Duration.ofHours(1)).tick(3);

    h.expectFailed(id, FailureReason.CANCELLED);
    assertThat(h.runtime().started()).isEmpty();
  }

  @Test
  void theLifecycleListenerHearsThePassesTransitionsAndNoticesInTheOrderTheyHappened() {
    List<Object> heard = new java.util.ArrayList<>();
    dev.lifeline.event.LifelineListener listener = new dev.lifeline.event.LifelineListener() {
      @Override
      public void onTransition(dev.lifeline.event.TransitionEvent event) {
        heard.add(event.transition());
      }

      @Override
      public void onNotice(Notice notice) {
        heard.add(notice);
      }
    };
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(listener)).build();
    JobId id = h.submit(job("heard")).id();
    h.tick();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.tick(2);

    assertThat(heard).hasSize(5);
    assertThat(heard.get(0)).isEqualTo(h.history(id).get(0));
    assertThat(heard.get(1)).isEqualTo(h.history(id).get(1));
    assertThat(heard.get(2)).isInstanceOf(Notice.SessionMissing.class);
    assertThat(heard.get(3)).isInstanceOf(Notice.SessionMissing.class);
    Transition lost = (Transition) heard.get(4);
    assertThat(lost).isEqualTo(h.history(id).get(2));
    assertThat(lost.reason()).isEqualTo(FailureReason.SESSION_LOST);
  }

  @Test
  void isIdleOnlyWhenNothingIsQueuedRunningVerifyingOrWaitingToRetry() {
    LifecycleHarness h = LifecycleHarness.create();
    assertThat(h.supervisor().isIdle()).isTrue();
    JobId id = h.submit(job("work", 2)).id();
    assertThat(h.supervisor().isIdle()).isFalse();
    h.tick();
    assertThat(h.supervisor().isIdle()).isFalse();
    h.endSession(id, 1);
    h.tick();                                   // FAILED, then RETRY: QUEUED with a backoff
    assertThat(h.supervisor().isIdle()).isFalse();
    h.advance(Duration.ofSeconds(5)).tick();
    h.endSession(id, 1);
    h.tick();                                   // FAILED, no attempts left

    h.expectFailed(id, FailureReason.EXIT_CODE);
    assertThat(h.supervisor().isIdle()).isTrue();
  }
}
