package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static dev.lifeline.supervisor.Specs.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Unknown is not dead: an UNKNOWN observation changes nothing that depends on it, however long it lasts. */
class UnknownRuntimeTest {

  @Test
  void aRuntimeThatErrorsFailsNothingHoweverLong() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId running = h.submit(job("running")).id();
    h.tick();
    h.breakRuntime("error connecting to /tmp/tmux-1000/lifeline (No such file or directory)");
    JobId waiting = h.submit(job("waiting")).id();

    for (int i = 0; i < 72; i++) {
      h.advance(Duration.ofHours(1));
      PassReport r = h.tick();
      assertThat(r.actions()).isEmpty();
      assertThat(r.runtimeHealthy()).isFalse();
      assertThat(r.notices()).singleElement().isInstanceOf(Notice.RuntimeUnknown.class);
    }

    h.expectState(running, JobState.PROCESSING);
    h.expectState(waiting, JobState.QUEUED);
    assertThat(h.runtime().started()).hasSize(1);
    assertThat(h.runtime().stopped()).isEmpty();
    assertThat(h.notices(Notice.SessionMissing.class)).isEmpty();
  }

  @Test
  void theReportKeepsSinceWhenTheRuntimeIsUnknown() {
    LifecycleHarness h = LifecycleHarness.create();
    h.breakRuntime("tmux timed out");
    Instant since = h.clock().instant();
    h.tick();
    h.advance(Duration.ofMinutes(10));

    PassReport r = h.tick();

    assertThat(r.runtimeUnknown()).isEqualTo("tmux timed out");
    assertThat(r.runtimeUnknownSince()).isEqualTo(since);
    assertThat(h.supervisor().lastPass()).contains(r);
    h.repairRuntime();
    PassReport healthy = h.tick();
    assertThat(healthy.runtimeHealthy()).isTrue();
    assertThat(healthy.runtimeUnknownSince()).isNull();
  }

  @Test
  void unknownPassesDoNotCountTowardsLost() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("patient")).id();
    h.tick();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.tick();                                   // DEAD once
    h.breakRuntime("server busy");
    h.tick(5);
    h.repairRuntime();
    h.expectState(id, JobState.PROCESSING);

    h.tick();                                   // DEAD twice in a row, the unknown passes in between do not count

    h.expectFailed(id, FailureReason.SESSION_LOST);
    assertThat(h.notices(Notice.SessionMissing.class)).extracting(Notice.SessionMissing::count).containsExactly(1, 2);
  }

  @Test
  void aTimeoutIsNotDecidedWhileTheRuntimeIsUnknown() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(withTimeout("bounded", Duration.ofMinutes(1), 1)).id();
    h.tick();
    h.breakRuntime("tmux not found");
    h.advance(Duration.ofMinutes(30));

    assertThat(h.tick().actions()).isEmpty();
    h.expectState(id, JobState.PROCESSING);

    h.repairRuntime();
    assertThat(labels(h.tick())).containsExactly("TIME_OUT", "KILL");
    h.expectFailed(id, FailureReason.TIMED_OUT);
  }

  @Test
  void anExitDuringTheOutageWinsOverTheTimeoutOnceTheRuntimeAnswers() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(withTimeout("finished-in-time", Duration.ofMinutes(1), 1)).id();
    h.tick();
    h.breakRuntime("tmux not found");
    h.advance(Duration.ofSeconds(30)).endSession(id, 0);
    h.advance(Duration.ofMinutes(30)).tick();
    h.expectState(id, JobState.PROCESSING);

    h.repairRuntime().tick();

    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void anObservationThatThrowsCountsAsUnknown() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("guarded")).id();
    h.tick();
    SessionRuntime throwing = new SessionRuntime() {
      @Override
      public SessionHandle start(Job job) throws LaunchException {
        throw new LaunchException("not used");
      }

      @Override
      public Observation observeAll() {
        throw new IllegalStateException("broken pipe");
      }

      @Override
      public void stop(SessionHandle handle) {
        throw new AssertionError("nothing may be stopped");
      }
    };
    Supervisor s = Supervisor.builder().lifecycle(h.lifecycle()).runtime(throwing).build();
    h.vanish(id);

    h.advance(Duration.ofMinutes(5));
    PassReport r = s.tick();
    h.advance(Duration.ofMinutes(5));
    s.tick();

    assertThat(r.runtimeUnknown()).contains("broken pipe");
    h.expectState(id, JobState.PROCESSING);
  }
}
