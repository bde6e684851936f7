package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.spi.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tmux present, absent, too old or hanging: one clear sentence, UNKNOWN observations, no exceptions from observe. */
class TmuxAvailabilityIT {

  @TempDir
  Path temp;

  private TmuxFixture tmux;

  @BeforeEach
  void fixture() throws IOException {
    tmux = new TmuxFixture(Files.createDirectories(temp.resolve("runs")));
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  @Test
  void checkAvailableReturnsTheInstalledVersion() {
    String expected = TmuxFixture.run(java.util.List.of("tmux", "-V")).strip().substring("tmux ".length());

    assertThat(tmux.runtime().checkAvailable()).isEqualTo(expected);
  }

  @Test
  void anAbsentTmuxIsOneSentenceForChecksAndStartsAndUnknownForObservations() {
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(temp.resolve("bin/tmux").toString()).build());

    assertThatThrownBy(runtime::checkAvailable).isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("tmux was not found at " + temp.resolve("bin/tmux") + "; install tmux 3.2 or newer.");
    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1)))
        .isInstanceOf(RuntimeUnavailableException.class);
    assertThat(runtime.observeAll().healthy()).isFalse();
  }

  @Test
  void aTmuxOlderThan32IsRefusedWithItsVersion() throws IOException {
    Path old = script("old-tmux", "case \"$1\" in -V) echo 'tmux 3.1c';; *) exit 1;; esac");
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(old.toString()).build());

    assertThatThrownBy(runtime::checkAvailable).isInstanceOf(RuntimeUnavailableException.class)
        .hasMessage("tmux 3.1c is too old; Lifeline needs tmux 3.2 or newer.");
    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1)))
        .isInstanceOf(RuntimeUnavailableException.class).hasMessageContaining("too old");
    Observation seen = runtime.observeAll();
    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).isEqualTo("tmux 3.1c is too old; Lifeline needs tmux 3.2 or newer.");
  }

  @Test
  void aTmuxThatDoesNotAnswerInTimeIsUnknown() throws IOException {
    Path hanging = script("hanging-tmux", "case \"$1\" in -V) echo 'tmux 3.3a';; *) exec sleep 30;; esac");
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(hanging.toString()).commandTimeout(Duration.ofMillis(300)).build());

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).isEqualTo("tmux did not answer within 300 ms");
  }

  @Test
  void aTmuxThatFailsOddlyIsUnknownWithItsMessage() throws IOException {
    Path broken = script("broken-tmux",
        "case \"$1\" in -V) echo 'tmux 3.3a';; *) echo 'protocol version mismatch (client 8, server 7)' >&2; exit 1;;"
            + " esac");
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(broken.toString()).build());

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).isEqualTo("tmux failed: protocol version mismatch (client 8, server 7)");
  }

  private Path script(String name, String body) throws IOException {
    Path file = Files.createDirectories(temp.resolve("bin")).resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
