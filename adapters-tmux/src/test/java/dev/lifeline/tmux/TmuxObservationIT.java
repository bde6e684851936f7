package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one observation reports, against a real tmux server on a private socket. */
class TmuxObservationIT {

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
  void exitCodesZeroAndSevenAreObservedExactlyWithTheirExitAndLogFiles() {
    JobSpec zero = JobSpec.builder("/bin/sh", "-c", "echo out-zero; exit 0").name("zero").build();
    JobSpec seven = JobSpec.builder("/bin/sh", "-c", "echo out-seven; echo err-seven >&2; exit 7").name("seven")
        .build();

    SessionHandle h0 = runtime.start(TmuxFixture.processing(1, zero, 1));
    SessionHandle h7 = runtime.start(TmuxFixture.processing(2, seven, 3));
    TmuxFixture.await(runtime, h0, s -> s.liveness() == Liveness.EXITED);
    Observation seen = TmuxFixture.await(runtime, h7, s -> s.liveness() == Liveness.EXITED);

    assertThat(seen.statusOf(h0)).isEqualTo(SessionStatus.exited(0));
    assertThat(seen.statusOf(h7)).isEqualTo(SessionStatus.exited(7));
    assertThat(runtime.exitFile(JobId.of(1), 1)).hasContent("0\n" + h0.name() + "\n");
    assertThat(runtime.exitFile(JobId.of(2), 3)).hasContent("7\n" + h7.name() + "\n");
    TmuxFixture.awaitTrue("both logs hold their output",
        () -> read(runtime.logFile(JobId.of(1), 1)).contains("out-zero")
            && read(runtime.logFile(JobId.of(2), 3)).contains("err-seven"));
    assertThat(read(runtime.logFile(JobId.of(2), 3))).contains("out-seven").doesNotContain("out-zero");
  }

  @Test
  void aKilledSessionIsDeadAndTheOthersStayAlive() {
    SessionHandle killed = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    SessionHandle kept = runtime.start(TmuxFixture.processing(2, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, killed, s -> s.liveness() == Liveness.ALIVE);

    tmux.tmux("kill-session", "-t", "=" + killed.name());
    Observation seen = TmuxFixture.await(runtime, killed, s -> s.liveness() != Liveness.ALIVE);

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.statusOf(killed)).isEqualTo(SessionStatus.DEAD);
    assertThat(seen.statusOf(kept)).isEqualTo(SessionStatus.ALIVE);
    assertThat(runtime.exitFile(killed.jobId(), 1)).doesNotExist();
  }

  @Test
  void aKilledServerMakesEverySessionDeadInAHealthyObservation() {
    List<SessionHandle> handles = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      handles.add(runtime.start(TmuxFixture.processing(i, TmuxFixture.sleeping(), 1)));
    }
    TmuxFixture.await(runtime, handles.get(2), s -> s.liveness() == Liveness.ALIVE);

    Path socket = runtime.socketPath();
    assertThat(socket).exists();
    runtime.killServer();
    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).as("observation: %s", seen.unknownReason()).isTrue();
    assertThat(seen.sessions()).isEmpty();
    handles.forEach(h -> assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.DEAD));
    assertThat(socket).as("killServer removes the socket file tmux leaves behind").doesNotExist();
  }

  @Test
  void aCrashedServerLeavingItsSocketBehindMakesEverySessionDead() {
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    long serverPid = Long.parseLong(tmux.tmux("display-message", "-p", "#{pid}").strip());

    ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
    TmuxFixture.awaitTrue("the server process is gone", () -> ProcessHandle.of(serverPid).isEmpty());
    Observation seen = runtime.observeAll();

    assertThat(Files.exists(runtime.socketPath())).as("the stale socket file is left behind").isTrue();
    assertThat(seen.healthy()).as("observation: %s", seen.unknownReason()).isTrue();
    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.DEAD);
  }

  @Test
  void aDeadSessionIsNotMistakenForTheLiveOneItsNameIsAPrefixOf() {
    SessionHandle a1 = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1, "a-1"));
    SessionHandle a12 = runtime.start(TmuxFixture.processing(12, TmuxFixture.sleeping(), 1, "a-12"));
    TmuxFixture.await(runtime, a1, s -> s.liveness() == Liveness.ALIVE);

    tmux.tmux("kill-session", "-t", "=a-1");
    Observation seen = TmuxFixture.await(runtime, a1, s -> s.liveness() != Liveness.ALIVE);
    runtime.stop(a1);

    assertThat(seen.statusOf(a1)).isEqualTo(SessionStatus.DEAD);
    assertThat(runtime.observeAll().statusOf(a12)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void aSessionNotTaggedByThisRunDirectoryIsNeverListedOrStopped() throws IOException {
    SessionHandle ours = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    tmux.tmux("new-session", "-d", "-s", "foreign-1-1", "sleep", "600");
    tmux.tmux("new-session", "-d", "-s", "half-2-1", "sleep", "600", ";", "set-option", "-t", "=half-2-1:",
        "@lifeline_job", "2", ";", "set-option", "-t", "=half-2-1:", "@lifeline_attempt", "1");
    TmuxSessionRuntime neighbour = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(Files.createDirectories(temp.resolve("other-runs"))).build());
    SessionHandle theirs = neighbour.start(TmuxFixture.processing(3, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, ours, s -> s.liveness() == Liveness.ALIVE);

    Observation seen = runtime.observeAll();
    runtime.stop(new SessionHandle(JobId.of(1), 1, "foreign-1-1"));
    runtime.stop(new SessionHandle(JobId.of(2), 1, "half-2-1"));
    runtime.stop(theirs);

    assertThat(seen.sessions()).containsOnlyKeys(ours);
    assertThat(neighbour.observeAll().sessions()).containsOnlyKeys(theirs);
    assertThat(tmux.tmux("list-sessions", "-F", "#{session_name}").lines())
        .containsExactlyInAnyOrder(ours.name(), "foreign-1-1", "half-2-1", theirs.name());
  }

  @Test
  void twoHundredSessionsAreObservedInOneCall() {
    List<SessionHandle> handles = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      handles.add(runtime.start(TmuxFixture.processing(i, TmuxFixture.sleeping(), 1)));
    }

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isTrue();
    assertThat(seen.sessions()).hasSize(200);
    handles.forEach(h -> assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.ALIVE));
  }

  @Test
  void aRuntimeWithAnotherTmuxTmpdirObservesTheRecordedServer() throws IOException {
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    Path otherTmp = Files.createDirectories(temp.resolve("other-tmux-tmpdir"));
    TmuxSessionRuntime sameRunDir = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).environment("TMUX_TMPDIR", otherTmp.toString()).build());
    TmuxSessionRuntime freshRunDir = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(Files.createDirectories(temp.resolve("fresh-runs")))
        .environment("TMUX_TMPDIR", otherTmp.toString()).build());

    Observation seen = TmuxFixture.await(sameRunDir, h, s -> s.liveness() == Liveness.ALIVE);

    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.ALIVE);
    assertThat(sameRunDir.socketPath()).isEqualTo(runtime.socketPath());
    assertThat(runtime.socketPath().toString()).isEqualTo(
        Files.readString(tmux.runDir.resolve("tmux-socket"), StandardCharsets.UTF_8).strip());
    assertThat(freshRunDir.socketPath()).isNotEqualTo(runtime.socketPath()).startsWithRaw(otherTmp.toRealPath());
    assertThat(freshRunDir.observeAll().healthy()).isTrue();
  }

  @Test
  void tmuxAbsentIsUnknownAndNeverThrows() throws IOException {
    TmuxSessionRuntime missingBinary = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(temp.resolve("no-such-tmux").toString()).build());
    TmuxSessionRuntime pathWithoutTmux = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).environment("PATH", Files.createDirectories(temp.resolve("empty-bin")).toString())
        .build());

    Observation a = missingBinary.observeAll();
    Observation b = pathWithoutTmux.observeAll();

    assertThat(a.healthy()).isFalse();
    assertThat(a.unknownReason()).contains("tmux was not found at");
    assertThat(b.healthy()).isFalse();
    assertThat(b.unknownReason()).isEqualTo("tmux was not found on the PATH; install tmux 3.2 or newer.");
    assertThat(b.statusOf(new SessionHandle(JobId.of(1), 1, "x-1-1"))).isEqualTo(SessionStatus.UNKNOWN);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
