package dev.lifeline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkingHoursGuardMainTest {

  @Test
  void theGuardRefusesAtThreeAndTheJobCompletesAtTen() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WorkingHoursGuardMain.Result result = WorkingHoursGuardMain.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.worked()).isTrue();
    assertThat(result.refusal()).isEqualTo("it is 03:00; jobs start between 09:00 and 17:00");
    assertThat(result.stateAtNight()).isEqualTo(JobState.QUEUED);
    assertThat(result.finalState()).isEqualTo(JobState.COMPLETED);
    assertThat(result.history()).extracting(Transition::event)
        .containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED, JobEvent.PASS);
    assertThat(result.history().get(1).at()).hasToString("2026-01-05T10:00:00Z");
    assertThat(printed)
        .contains("03:00  START refused by guard 'working-hours': it is 03:00; jobs start between 09:00 and 17:00")
        .contains("03:00  after a supervisor pass, job 1 is QUEUED")
        .contains("10:00  after a supervisor pass, job 1 is PROCESSING")
        .contains("10:00  the command exited 0; job 1 is COMPLETED");
  }
}
