package dev.lifeline.tmux;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.spi.SessionRuntimeContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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

  @AfterEach
  void killThisTestsServer() {
    if (tmux != null) {
      tmux.cleanUp();
    }
  }
}
