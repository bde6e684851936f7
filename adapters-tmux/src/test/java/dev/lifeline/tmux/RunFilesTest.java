package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.spi.SessionHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunFilesTest {

  @Test
  void anExitFileGivesTheHandleAndTheCode() {
    RunFiles.ExitRecord r = RunFiles.parseExit("42-3.exit", "7\nbuild-42-3\n");

    assertThat(r).isEqualTo(new RunFiles.ExitRecord(new SessionHandle(JobId.of(42), 3, "build-42-3"), 7));
  }

  @Test
  void malformedExitFilesAreIgnored() {
    assertThat(RunFiles.parseExit("42-3.exit", "7\n")).isNull();
    assertThat(RunFiles.parseExit("42-3.exit", "seven\nbuild-42-3\n")).isNull();
    assertThat(RunFiles.parseExit("42-3.exit", "7\nbad name\n")).isNull();
    assertThat(RunFiles.parseExit("42-0.exit", "7\nb-42-0\n")).isNull();
    assertThat(RunFiles.parseExit("0-1.exit", "7\nb-0-1\n")).isNull();
    assertThat(RunFiles.parseExit(".wake", "")).isNull();
    assertThat(RunFiles.parseExit("42-3.exit.tmp", "7\nbuild-42-3\n")).isNull();
  }

  @Test
  void filesArePerJobAndAttemptInTheirOwnDirectories() {
    RunFiles files = new RunFiles(Path.of("/runs/a/../b"));

    assertThat(files.root()).isEqualTo(Path.of("/runs/b"));
    assertThat(files.exitFile(JobId.of(5), 2)).isEqualTo(Path.of("/runs/b/exits/5-2.exit"));
    assertThat(files.logFile(JobId.of(5), 2)).isEqualTo(Path.of("/runs/b/logs/5-2.log"));
    assertThat(files.launchFile(JobId.of(5), 2)).isEqualTo(Path.of("/runs/b/launches/5-2.launch"));
    assertThat(files.tempExitFile(JobId.of(5), 2).getParent()).isNotEqualTo(files.exits());
  }
}
