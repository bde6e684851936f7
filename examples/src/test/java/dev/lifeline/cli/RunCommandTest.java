package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.spi.Lease;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private final Cli cli = new Cli();

  @Test
  void runOnceStartsTheQueuedJobsAndPrintsOneLinePerTransition() {
    cli.run("submit", "--name", "a", "--", "true");
    cli.run("submit", "--name", "b", "--", "true");

    Cli.Result r = cli.run("run", "--once");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(cli.wiring.runtime.started()).hasSize(2);
    assertThat(cli.wiring.store.find(JobId.of(1)).orElseThrow().state()).isEqualTo(JobState.PROCESSING);
    assertThat(r.out().lines().filter(l -> l.contains(" START QUEUED -> PROCESSING attempt 1"))).hasSize(2);
    assertThat(r.out()).contains("lease released");
    assertThat(cli.wiring.store.leases().current()).isEmpty();
  }

  @Test
  void runUntilIdleReturnsZeroOnceNothingIsLeftToDo() {
    cli.run("submit", "--", "true");
    cli.wiring.runtime.failLaunches("no such command");

    Cli.Result r = cli.run("run", "--until-idle", "--poll", "10ms");

    assertThat(r.code()).as(r.err()).isZero();
    var job = cli.wiring.store.find(JobId.of(1)).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.failureReason()).isEqualTo(FailureReason.LAUNCH_FAILED);
    assertThat(r.out()).contains("LOST PROCESSING -> FAILED").contains("LAUNCH_FAILED");
  }

  @Test
  void aSecondSupervisorWhileTheLeaseIsHeldIsExitOneNamingTheHolder() {
    cli.run("submit", "--", "true");
    var now = cli.wiring.clock.instant();
    cli.wiring.store.leases().tryAcquire(new Lease("elsewhere:42", "elsewhere", 42, now, now), now,
        Duration.ofSeconds(30), l -> false);

    Cli.Result r = cli.run("run", "--once");

    assertThat(r.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().strip()).startsWith("Another supervisor is running on this store: elsewhere:42");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(cli.wiring.runtime.started()).isEmpty();
  }

  @Test
  void aLogFileThatCannotBeWrittenIsReportedOnceAndTheConsoleKeepsEveryLine() {
    cli.run("submit", "--", "true");
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("run", "--once", "--log", "/nonexistent-lifeline-dir/run.log");

    assertThat(r.code()).isZero();
    assertThat(r.err().lines().filter(l -> l.startsWith("Cannot write the log"))).hasSize(1);
    assertThat(r.err()).contains("logging to the console only");
    assertThat(r.out().lines().filter(l -> l.contains(" START "))).hasSize(2);
  }

  @Test
  void runWithoutTmuxIsExitSeven() {
    cli.wiring.failRuntime = new RuntimeUnavailableException("tmux was not found on the PATH.");

    Cli.Result r = cli.run("run", "--once");

    assertThat(r.code()).isEqualTo(ExitCodes.TMUX);
    assertThat(r.err().strip()).isEqualTo("tmux was not found on the PATH.");
  }

  @Test
  void onceAndUntilIdleTogetherAreAUsageError() {
    assertThat(cli.run("run", "--once", "--until-idle").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("run", "--max-concurrent", "0").code()).isEqualTo(ExitCodes.USAGE);
  }
}
