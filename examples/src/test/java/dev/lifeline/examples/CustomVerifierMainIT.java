package dev.lifeline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.JobState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs {@link CustomVerifierMain} for real: SQLite on a temporary file, tmux on a private socket. */
class CustomVerifierMainIT {

  @Test
  void theJobThatWroteDoneCompletesAndTheOtherFailsVerification() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CustomVerifierMain.Result result = CustomVerifierMain.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.worked()).as(printed).isTrue();
    assertThat(result.passing().state()).isEqualTo(JobState.COMPLETED);
    assertThat(result.passing().exitCode()).isZero();
    assertThat(result.failing().state()).isEqualTo(JobState.FAILED);
    assertThat(result.failing().exitCode()).isZero();
    assertThat(result.failing().failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
    assertThat(result.failing().failureDetail()).contains("deploy.txt does not say DONE: 'stopped: disk full'");
    assertThat(printed)
        .contains("job 1 (build): exit code 0, COMPLETED")
        .contains("job 2 (deploy): exit code 0, FAILED (VERIFICATION_FAILED: ");

    assertThat(result.directory()).doesNotExist();
    assertThat(result.socketFile().getFileName()).hasToString(result.socket());
    assertThat(result.socketFile()).doesNotExist();
    assertThat(TmuxServers.answers(result.socket())).as("a server still answers on " + result.socket()).isFalse();
  }
}
