package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event-driven wake-ups: the exit file and the tmux hooks wake {@code awaitChange}. */
class TmuxEventsIT {

  private static final Duration LONG = Duration.ofSeconds(10);

  @TempDir
  Path temp;

  private TmuxFixture tmux;
  private TmuxSessionRuntime runtime;

  @BeforeEach
  void openRuntime() throws IOException {
    tmux = new TmuxFixture(Files.createDirectories(temp.resolve("runs")));
    runtime = tmux.runtime();
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  @Test
  void awaitChangeWakesWhenACommandExits() throws InterruptedException {
    JobSpec spec = JobSpec.builder("/bin/sh", "-c", "sleep 0.5; exit 3").name("exits-soon").build();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));
    drain();
    assertThat(runtime.observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);

    boolean woken = runtime.awaitChange(LONG);

    assertThat(woken).isTrue();
    assertThat(runtime.exitFile(h.jobId(), 1)).exists();
    assertThat(runtime.observeAll().statusOf(h)).isEqualTo(SessionStatus.exited(3));
  }

  @Test
  void anExitWhileNobodyWaitsWakesTheNextWaitAtOnce() throws InterruptedException {
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.exiting(0), 1));
    TmuxFixture.awaitTrue("the exit file appears", () -> Files.exists(runtime.exitFile(h.jobId(), 1)));

    assertThat(runtime.awaitChange(LONG)).isTrue();
  }

  @Test
  void awaitChangeWakesWhenASessionIsKilledFromOutside() throws InterruptedException {
    SessionHandle killed = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    runtime.start(TmuxFixture.processing(2, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, killed, s -> s.liveness() == Liveness.ALIVE);
    drain();

    tmux.tmux("kill-session", "-t", "=" + killed.name());
    boolean woken = runtime.awaitChange(LONG);

    assertThat(woken).isTrue();
    assertThat(runtime.observeAll().statusOf(killed)).isEqualTo(SessionStatus.DEAD);
  }

  @Test
  void awaitChangeTimesOutWhenNothingChanges() throws InterruptedException {
    runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    drain();

    assertThat(runtime.awaitChange(Duration.ofMillis(200))).isFalse();
  }

  @Test
  void awaitChangeOnAClosedRuntimeReturnsFalse() throws InterruptedException {
    runtime.close();

    assertThat(runtime.awaitChange(LONG)).isFalse();
  }

  @Test
  void theHooksAreInstalledOncePerRunDirectoryHoweverManySessionsStart() {
    for (int i = 1; i <= 3; i++) {
      runtime.start(TmuxFixture.processing(i, TmuxFixture.sleeping(), 1));
    }

    String sessionHooks = tmux.tmux("show-hooks", "-g");
    String paneHooks = tmux.tmux("show-hooks", "-g", "-w");

    assertThat(sessionHooks.lines().filter(l -> l.startsWith("session-closed[") && l.contains("LIFELINE_WAKE_")))
        .hasSize(1);
    assertThat(paneHooks.lines().filter(l -> l.startsWith("pane-exited[") && l.contains("LIFELINE_WAKE_")))
        .hasSize(1);
  }

  @Test
  void theHooksVariableIsHiddenFromJobs() throws IOException {
    Path work = Files.createDirectories(temp.resolve("work"));
    JobSpec spec = JobSpec.builder("/bin/sh", "-c", "env > env.txt").name("env").cwd(work.toString()).build();
    runtime.start(TmuxFixture.processing(2, TmuxFixture.sleeping(), 1));

    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED);

    assertThat(tmux.tmux("show-environment", "-g", "-h")).contains("LIFELINE_WAKE_");
    assertThat(Files.readString(work.resolve("env.txt"))).contains("TMUX_PANE=").doesNotContain("LIFELINE_WAKE_");
  }

  @Test
  void withHooksOffNoHookIsInstalled() {
    TmuxSessionRuntime quiet = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket + "-quiet")
        .runDirectory(temp.resolve("quiet-runs")).hooks(false).build());
    SessionHandle h = quiet.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(quiet, h, s -> s.liveness() == Liveness.ALIVE);

    String socket = quiet.socketPath().toString();
    String hooks = TmuxFixture.run(java.util.List.of("tmux", "-S", socket, "show-hooks", "-g"))
        + TmuxFixture.run(java.util.List.of("tmux", "-S", socket, "show-hooks", "-g", "-w"));

    assertThat(hooks).contains("session-closed").doesNotContain("LIFELINE_WAKE_");
  }

  @Test
  void aHookThatCannotReachAnyoneIsHarmless() throws IOException {
    SessionHandle killed = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    SessionHandle kept = runtime.start(TmuxFixture.processing(2, TmuxFixture.sleeping(), 1));
    runtime.close();
    deleteTree(tmux.runDir.resolve("exits"));

    tmux.tmux("kill-session", "-t", "=" + killed.name());
    TmuxFixture.awaitTrue("the session is gone",
        () -> !tmux.tmux("list-sessions", "-F", "#{session_name}").contains(killed.name()));

    assertThat(tmux.tmux("list-panes", "-a", "-F", "#{session_name} #{pane_in_mode} #{pane_dead}").strip())
        .isEqualTo(kept.name() + " 0 0");
    assertThat(tmux.runDir.resolve("exits")).doesNotExist();
  }

  /** Consumes wake-ups already pending (from starting sessions), so the next wait sees only what follows. */
  private void drain() throws InterruptedException {
    while (runtime.awaitChange(Duration.ofMillis(150))) {
      // keep draining
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
