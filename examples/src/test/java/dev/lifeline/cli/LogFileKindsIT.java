package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --log} naming something that is not a file: reported once, and run never waits on it. */
class LogFileKindsIT {

  @TempDir
  Path dir;

  private final Cli cli = new Cli();

  @Test
  @Timeout(30)
  void aFifoAsTheLogIsReportedOnceAndTheRunGoesOnWithoutWaitingForAReader() throws Exception {
    Path fifo = dir.resolve("log.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("run", "--once", "--log", fifo.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().strip().lines()).singleElement()
        .satisfies(l -> assertThat(l).contains("Cannot write the log", "FIFO or socket"));
    assertThat(r.out()).contains("START");
  }

  @Test
  void aDirectoryAsTheLogIsAUsageError() {
    Cli.Result r = cli.run("run", "--once", "--log", dir.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--log", "is a directory");
  }
}
