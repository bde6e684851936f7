package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.Launch;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionRuntimeContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime contract, on a real tmux server with a private socket per test. */
class TmuxSessionRuntimeIT extends SessionRuntimeContract {

  @TempDir
  Path runDir;

  private TmuxFixture tmux;

  @Override
  protected SessionRuntime newRuntime() {
    tmux = new TmuxFixture(runDir);
    return tmux.runtime();
  }

  @Override
  protected JobSpec specExiting(int code) {
    return TmuxFixture.exiting(code);
  }

  @Override
  protected JobSpec specRunningUntilStopped() {
    return TmuxFixture.sleeping();
  }

  @Override
  protected void vanish(SessionRuntime runtime, SessionHandle handle) {
    tmux.tmux("kill-session", "-t", "=" + handle.name());
  }

  @Test
  void aSessionNameTakenOnTheServerFailsThatJobAloneInsideOneBatch() {
    TmuxSessionRuntime rt = (TmuxSessionRuntime) runtime;
    Job a = TmuxFixture.processing(9101, TmuxFixture.sleeping(), 1);
    Job taken = TmuxFixture.processing(9102, TmuxFixture.sleeping(), 1);
    Job c = TmuxFixture.processing(9103, TmuxFixture.sleeping(), 1);
    Job d = TmuxFixture.processing(9104, TmuxFixture.exiting(4), 1);
    start(TmuxFixture.processing(9100, TmuxFixture.sleeping(), 1)); // the server runs, its socket is recorded
    tmux.tmux("new-session", "-d", "-s", taken.session(), "sleep", "600"); // someone else's session, untagged

    List<Launch> launches = startAll(List.of(a, taken, c, d));

    assertThat(launches.get(1).launched()).isFalse();
    assertThat(launches.get(1).failure()).isInstanceOf(LaunchException.class)
        .hasMessageContaining("duplicate session");
    assertThat(rt.runDirectory().resolve("launches").resolve("9102-1.launch")).doesNotExist();
    for (int i : new int[] {0, 2}) {
      assertThat(launches.get(i).launched()).as("%s", launches.get(i).failure()).isTrue();
      TmuxFixture.await(rt, launches.get(i).handle(), st -> st.liveness() == SessionStatus.Liveness.ALIVE);
    }
    assertThat(launches.get(3).launched()).as("%s", launches.get(3).failure()).isTrue();
    TmuxFixture.await(rt, launches.get(3).handle(), st -> st.equals(SessionStatus.exited(4)));
    assertThat(tmux.tmux("list-sessions", "-F", "#{session_name}")).contains(taken.session());
    assertThat(rt.observeAll().sessions().keySet()).noneMatch(h -> h.jobId().equals(taken.id()));
  }

  @Test
  void aBatchTooLongForOneTmuxMessageStartsEverySession() {
    // 48 sessions: their commands are several times tmux's 16 KB message ("command too long" if sent at once)
    TmuxSessionRuntime rt = (TmuxSessionRuntime) runtime;
    List<Job> jobs = new java.util.ArrayList<>();
    for (int i = 0; i < 48; i++) {
      jobs.add(TmuxFixture.processing(9200 + i, TmuxFixture.sleeping(), 1));
    }

    List<Launch> launches = startAll(jobs);

    assertThat(launches).allSatisfy(l -> assertThat(l.launched()).as("%s", l.failure()).isTrue());
    Job last = jobs.get(jobs.size() - 1);
    TmuxFixture.await(rt, launches.get(jobs.size() - 1).handle(), st -> st.liveness() == SessionStatus.Liveness.ALIVE);
    assertThat(rt.observeAll().sessions().keySet()).filteredOn(h -> h.jobId().value() >= 9200).hasSize(48)
        .anySatisfy(h -> assertThat(h.jobId()).isEqualTo(last.id()));
  }

  @AfterEach
  void killThisTestsServer() {
    if (tmux != null) {
      tmux.cleanUp();
    }
  }
}
