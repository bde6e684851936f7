package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 7 at the runtime: a run directory deleted or replaced while sessions run makes every observation
 * UNKNOWN (nothing can be concluded DEAD) until no session of the run is alive; the wrapper of a session that ends
 * meanwhile creates the directory again for its exit file; then the runtime adopts it with the same run id and socket
 * record, says so once (UNKNOWN), and the next observation reads the exit code.
 */
class TmuxRunDirectoryLossIT {

  @TempDir
  Path temp;

  private TmuxFixture tmux;
  private TmuxSessionRuntime runtime;

  @BeforeEach
  void openRuntime() throws IOException {
    tmux = new TmuxFixture(temp.resolve("runs"));
    runtime = tmux.runtime();
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  @Test
  void aRunDirectoryDeletedUnderARunningSessionIsUnknownUntilItEndsAndThenItsExitCodeIsRead() throws IOException {
    Path gate = temp.resolve("gate");
    JobSpec spec = JobSpec.builder("/bin/sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 3")
        .name("gated").build();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    String runId = read(tmux.runDir.resolve("run-id"));
    String socketRecord = read(tmux.runDir.resolve("tmux-socket"));

    deleteTree(tmux.runDir);
    Observation whileRunning = runtime.observeAll();
    Files.createFile(gate);
    TmuxFixture.awaitTrue("the session ended", () -> !tmux.tmux("list-sessions", "-F", "#{session_name}")
        .contains(h.name()));
    Observation adopted = runtime.observeAll();
    Observation after = runtime.observeAll();

    assertThat(whileRunning.healthy()).isFalse();
    assertThat(whileRunning.unknownReason()).contains(tmux.runDir.toString()).contains("1 session(s) of this run");
    assertThat(whileRunning.statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
    assertThat(adopted.healthy()).isFalse();
    assertThat(adopted.unknownReason()).contains("created again with run id " + runId.strip());
    assertThat(after.healthy()).isTrue();
    assertThat(after.statusOf(h)).isEqualTo(SessionStatus.exited(3));
    assertThat(read(tmux.runDir.resolve("run-id"))).isEqualTo(runId);
    assertThat(read(tmux.runDir.resolve("tmux-socket"))).isEqualTo(socketRecord);
  }

  @Test
  void aRuntimeOpenedWhileTheRunDirectoryIsGoneTakesTheRunIdTheServerKept() throws IOException {
    Path gate = temp.resolve("gate");
    JobSpec spec = JobSpec.builder("/bin/sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 3")
        .name("gated").build();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    String runId = read(tmux.runDir.resolve("run-id"));

    deleteTree(tmux.runDir);
    TmuxSessionRuntime restarted = tmux.runtime(); // a supervisor process started while the directory is gone
    Observation whileRunning = restarted.observeAll();
    Files.createFile(gate);
    TmuxFixture.awaitTrue("the session ended", () -> !tmux.tmux("list-sessions", "-F", "#{session_name}")
        .contains(h.name()));
    Observation adopted = restarted.observeAll();
    Observation after = restarted.observeAll();

    assertThat(whileRunning.healthy()).isFalse();
    assertThat(whileRunning.unknownReason()).contains("1 session(s) of this run");
    assertThat(adopted.unknownReason()).contains("created again with run id " + runId.strip());
    assertThat(after.statusOf(h)).isEqualTo(SessionStatus.exited(3));
    assertThat(read(tmux.runDir.resolve("run-id"))).isEqualTo(runId);
  }

  @Test
  void aRunDirectoryDeletedWhenNoSessionRunsIsCreatedAgainWithItsRunIdAndKeepsWorking() throws IOException {
    SessionHandle first = runtime.start(TmuxFixture.processing(1, TmuxFixture.exiting(0), 1));
    TmuxFixture.await(runtime, first, s -> s.liveness() == Liveness.EXITED);
    String runId = read(tmux.runDir.resolve("run-id"));

    deleteTree(tmux.runDir);
    Observation recreated = runtime.observeAll();
    SessionHandle second = runtime.start(TmuxFixture.processing(2, TmuxFixture.sleeping(), 1));

    assertThat(recreated.healthy()).isFalse();
    assertThat(recreated.unknownReason()).contains("was deleted").contains("created again");
    assertThat(read(tmux.runDir.resolve("run-id"))).isEqualTo(runId);
    assertThat(TmuxFixture.await(runtime, second, s -> s.liveness() == Liveness.ALIVE).statusOf(second))
        .isEqualTo(SessionStatus.ALIVE);
    assertThat(tmux.tmux("show-options", "-v", "-t", "=" + second.name() + ":", "@lifeline_run").strip())
        .isEqualTo(runId.strip());
  }

  @Test
  void aRunDirectoryReplacedByAnotherRunsIsNeverAdopted() throws IOException {
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    tmux.tmux("kill-session", "-t", "=" + h.name());
    deleteTree(tmux.runDir);
    Files.createDirectories(tmux.runDir.resolve("exits"));
    Files.writeString(tmux.runDir.resolve("run-id"), "ffffffffffffffff\n");
    Files.writeString(tmux.runDir.resolve("exits/1-1.exit"), "0\n" + h.name() + "\n");

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).contains("replaced by another run's");
    assertThat(read(tmux.runDir.resolve("run-id"))).isEqualTo("ffffffffffffffff\n");
    assertThat(runtime.observeAll().statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
  }

  @Test
  void theExitDirectoryAloneDeletedUnderARunningSessionIsUnknownToo() throws IOException {
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);

    deleteTree(tmux.runDir.resolve("exits"));
    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).contains("was deleted");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /**
   * Deletes {@code dir} as a user would ({@code rm -rf}). The server's hooks touch {@code exits/.wake} in the
   * background when a session ends, so a file may appear while the tree is walked: walk again until it is gone.
   */
  private static void deleteTree(Path dir) throws IOException {
    for (int round = 1; Files.exists(dir, LinkOption.NOFOLLOW_LINKS); round++) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      } catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException e) {
        if (round >= 100) {
          throw e;
        }
      }
    }
  }
}
