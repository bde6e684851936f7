package com.example.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Transition;
import dev.lifeline.event.TransitionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool on a real SQLite file and real tmux, on a private socket whose server it ends. */
class NightlyJobsTest {

  @TempDir
  Path dir;

  @Test
  void jobsEndAsTheirCommandsDoAndTheOneListenerSeesEachTransitionOnce() throws Exception {
    String socket = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
    Path socketFile;
    Job ok;
    Job broken;
    Job unwanted;
    try (NightlyJobs tool = new NightlyJobs(dir.resolve("queue"), socket)) {
      socketFile = tool.socketPath();
      ok = tool.submit("ok", 1, "sh", "-c", "echo fine");
      broken = tool.submit("broken", 1, "sh", "-c", "exit 3");
      unwanted = tool.submit("unwanted", 1, "sleep", "600");
      tool.cancel(unwanted, "not tonight");

      tool.runUntilIdle();

      Job okNow = tool.get(ok);
      Job brokenNow = tool.get(broken);
      Job unwantedNow = tool.get(unwanted);
      assertThat(okNow.state()).isEqualTo(JobState.COMPLETED);
      assertThat(okNow.exitCode()).isZero();
      assertThat(brokenNow.state()).isEqualTo(JobState.FAILED);
      assertThat(brokenNow.failureReason()).isEqualTo(FailureReason.EXIT_CODE);
      assertThat(brokenNow.exitCode()).isEqualTo(3);
      assertThat(unwantedNow.state()).isEqualTo(JobState.FAILED);
      assertThat(unwantedNow.failureReason()).isEqualTo(FailureReason.CANCELLED);
      assertThat(unwantedNow.attempt()).isZero();

      List<TransitionEvent> seen = tool.transitions();
      assertThat(events(seen, ok.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED,
          JobEvent.PASS);
      assertThat(events(seen, broken.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED);
      assertThat(events(seen, unwanted.id())).containsExactly(JobEvent.SUBMIT, JobEvent.CANCEL);
      assertThat(seen).extracting(TransitionEvent::transition).doesNotHaveDuplicates();
      assertThat(seen.stream().filter(e -> e.transition().event() == JobEvent.CANCEL))
          .singleElement().satisfies(e -> {
            assertThat(e.transition().actor()).isEqualTo("operator");
            assertThat(e.transition().detail()).isEqualTo("not tonight");
          });
    }
    assertThat(Files.exists(socketFile) && new ProcessBuilder("tmux", "-S", socketFile.toString(), "has-session")
        .start().waitFor() == 0).as("the private tmux server is gone").isFalse();
  }

  private static List<JobEvent> events(List<TransitionEvent> seen, JobId id) {
    return seen.stream().map(TransitionEvent::transition).filter(t -> t.jobId().equals(id))
        .map(Transition::event).toList();
  }
}
