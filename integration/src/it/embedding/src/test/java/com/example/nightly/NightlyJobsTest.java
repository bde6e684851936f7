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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool on a real SQLite file and real tmux, on a private socket whose server it ends. */
class NightlyJobsTest {

  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir
  Path dir;

  @Test
  void jobsEndAsTheirCommandsAndOperatorsSayAndTheOneListenerSeesEachTransitionOnce() throws Exception {
    String socket = "nightly-" + UUID.randomUUID().toString().substring(0, 8);
    Path socketFile;
    try (NightlyJobs tool = new NightlyJobs(dir.resolve("queue"), socket)) {
      socketFile = tool.socketPath();
      Job ok = tool.submit("ok", 1, "sh", "-c", "echo fine");
      Job broken = tool.submit("broken", 1, "sh", "-c", "exit 3");
      Job unwanted = tool.submit("unwanted", 1, "sleep", "600");
      Job approved = tool.submitForApproval("approved", "sh", "-c", "echo check me");
      Job rejected = tool.submitForApproval("rejected", "sh", "-c", "echo check me too");
      tool.cancel(unwanted, "not tonight");

      assertThat(tool.runUntilOnlyOperatorsAreAwaited(PATIENCE)).as("idle but for the operator").isTrue();
      assertThat(tool.get(approved).state()).isEqualTo(JobState.VERIFICATION);
      assertThat(tool.get(rejected).state()).isEqualTo(JobState.VERIFICATION);
      assertThat(tool.get(broken).state()).isEqualTo(JobState.FAILED);
      tool.approve(approved, "looks right");
      tool.reject(rejected, "looks wrong");
      tool.retry(broken, "once more");
      assertThat(tool.runUntilOnlyOperatorsAreAwaited(PATIENCE)).as("idle again").isTrue();

      assertThat(tool.get(ok).state()).isEqualTo(JobState.COMPLETED);
      assertThat(tool.get(ok).exitCode()).isZero();
      Job brokenNow = tool.get(broken);
      assertThat(brokenNow.state()).isEqualTo(JobState.FAILED);
      assertThat(brokenNow.failureReason()).isEqualTo(FailureReason.EXIT_CODE);
      assertThat(brokenNow.exitCode()).isEqualTo(3);
      assertThat(brokenNow.attempt()).isEqualTo(2);
      Job unwantedNow = tool.get(unwanted);
      assertThat(unwantedNow.state()).isEqualTo(JobState.FAILED);
      assertThat(unwantedNow.failureReason()).isEqualTo(FailureReason.CANCELLED);
      assertThat(unwantedNow.attempt()).isZero();
      assertThat(tool.get(approved).state()).isEqualTo(JobState.COMPLETED);
      Job rejectedNow = tool.get(rejected);
      assertThat(rejectedNow.state()).isEqualTo(JobState.FAILED);
      assertThat(rejectedNow.failureReason()).isEqualTo(FailureReason.VERIFICATION_FAILED);
      assertThat(rejectedNow.failureDetail()).contains("looks wrong");

      List<TransitionEvent> seen = tool.transitions();
      assertThat(events(seen, ok.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED,
          JobEvent.PASS);
      assertThat(events(seen, broken.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED,
          JobEvent.RETRY, JobEvent.START, JobEvent.EXITED);
      assertThat(events(seen, unwanted.id())).containsExactly(JobEvent.SUBMIT, JobEvent.CANCEL);
      assertThat(events(seen, approved.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED,
          JobEvent.PASS);
      assertThat(events(seen, rejected.id())).containsExactly(JobEvent.SUBMIT, JobEvent.START, JobEvent.EXITED,
          JobEvent.REJECT);
      assertThat(seen).extracting(TransitionEvent::transition).doesNotHaveDuplicates();
      assertThat(seen).extracting(TransitionEvent::transition)
          .filteredOn(t -> t.event() == JobEvent.CANCEL || t.event() == JobEvent.RETRY || t.event() == JobEvent.REJECT
              || (t.event() == JobEvent.PASS && t.jobId().equals(approved.id())))
          .hasSize(4).allSatisfy(t -> assertThat(t.actor()).isEqualTo("operator"));
    }
    assertThat(Files.exists(socketFile) && new ProcessBuilder("tmux", "-S", socketFile.toString(), "has-session")
        .start().waitFor() == 0).as("the private tmux server is gone").isFalse();
  }


  private static List<JobEvent> events(List<TransitionEvent> seen, JobId id) {
    return seen.stream().map(TransitionEvent::transition).filter(t -> t.jobId().equals(id))
        .map(Transition::event).toList();
  }
}
