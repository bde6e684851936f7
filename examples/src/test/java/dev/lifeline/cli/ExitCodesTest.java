package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.ConcurrentTransitionException;
import dev.lifeline.GuardRejectedException;
import dev.lifeline.IllegalTransitionException;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobNotFoundException;
import dev.lifeline.JobState;
import dev.lifeline.LeaseHeldException;
import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.StoreException;
import dev.lifeline.TransitionFailedException;
import dev.lifeline.spi.Lease;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  private final ExitCodes codes = new ExitCodes();
  private final JobId id = JobId.of(1);

  @Test
  void eachExceptionMapsToItsDocumentedCode() {
    assertThat(codes.getExitCode(new IllegalTransitionException(id, JobState.COMPLETED, JobEvent.CANCEL))).isEqualTo(3);
    assertThat(codes.getExitCode(new GuardRejectedException(id, JobState.FAILED, JobEvent.RETRY, "g", "r")))
        .isEqualTo(3);
    assertThat(codes.getExitCode(new TransitionFailedException(id, JobState.QUEUED, JobEvent.START, "g",
        new RuntimeException("boom")))).isEqualTo(3);
    assertThat(codes.getExitCode(new ConcurrentTransitionException(id, JobState.QUEUED, JobEvent.CANCEL, 0)))
        .isEqualTo(1);
    assertThat(codes.getExitCode(new JobNotFoundException(id))).isEqualTo(4);
    for (StoreException.Kind kind : StoreException.Kind.values()) {
      assertThat(codes.getExitCode(new StoreException(kind, "x", null))).isEqualTo(5);
    }
    assertThat(codes.getExitCode(new RuntimeUnavailableException("no tmux"))).isEqualTo(7);
    Instant now = Instant.EPOCH;
    assertThat(codes.getExitCode(new LeaseHeldException(new Lease("h:1", "h", 1, now, now)))).isEqualTo(1);
    assertThat(codes.getExitCode(new UserException(6, "x"))).isEqualTo(6);
    assertThat(codes.getExitCode(new IllegalStateException("bug"))).isEqualTo(1);
  }

  @Test
  void aStoreFailureIsExitFiveWithItsOneSentence() {
    Cli cli = new Cli();
    cli.wiring.failOpen = new StoreException(StoreException.Kind.BUSY,
        "The database x.db is locked by another process (waited 5 s).", null);

    Cli.Result r = cli.run("list");

    assertThat(r.code()).isEqualTo(ExitCodes.STORE);
    assertThat(r.err()).isEqualTo("The database x.db is locked by another process (waited 5 s)."
        + System.lineSeparator());
  }

  @Test
  void anUnexpectedFailureIsExitOneWithoutAStackTraceUnlessDebugging() {
    Cli cli = new Cli();
    cli.wiring.failOpen = new IllegalStateException("bug here");

    Cli.Result plain = cli.run("list");
    Cli.Result debug = cli.run("--debug", "list");

    assertThat(plain.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(plain.err().strip()).isEqualTo(
        "Unexpected error: IllegalStateException (bug here); run again with --debug for the stack trace.");
    assertThat(debug.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(debug.err()).contains("at dev.lifeline.cli.");
  }
}
