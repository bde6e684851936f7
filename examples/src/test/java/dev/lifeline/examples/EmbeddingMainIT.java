package dev.lifeline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs {@link EmbeddingMain} for real: SQLite on a temporary file, tmux on a private socket. */
class EmbeddingMainIT {

  @Test
  void theEmbeddedSupervisorRunsHelloToCompletedAndCleansUp() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EmbeddingMain.Result result = EmbeddingMain.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.worked()).as(printed).isTrue();
    assertThat(result.state()).isEqualTo(JobState.COMPLETED);
    assertThat(result.exitCode()).isZero();
    assertThat(result.history()).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
    assertThat(result.output()).contains("hello");
    assertThat(printed)
        .contains("submitted job " + result.id() + " (hello): QUEUED")
        .contains("job " + result.id() + " is COMPLETED, exit code 0")
        .containsPattern("\\+\\s+\\d+ ms  EXITED   -> VERIFICATION")
        .contains("its output: hello")
        .contains("removed " + result.directory());

    assertThat(result.directory()).doesNotExist();
    assertThat(result.socketFile().getFileName()).hasToString(result.socket());
    assertThat(result.socketFile()).doesNotExist();
    assertThat(TmuxServers.answers(result.socket())).as("a server still answers on " + result.socket()).isFalse();
  }
}
