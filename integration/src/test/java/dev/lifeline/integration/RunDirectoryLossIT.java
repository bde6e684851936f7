package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 7 with the real supervisor, tmux and SQLite: the run directory deleted under a running job. The
 * job must not be failed and must not run twice: while its session runs the passes are UNKNOWN (and say why), its
 * wrapper creates the directory again for the exit file, and the job ends COMPLETED on attempt 1.
 */
class RunDirectoryLossIT {

  @TempDir
  Path dir;

  private RealStack stack;
  private Supervisor supervisor;

  @BeforeEach
  void setUp() {
    stack = RealStack.open(dir, new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)));
    supervisor = stack.supervisor().build();
  }

  @AfterEach
  void tearDown() {
    if (supervisor != null) {
      supervisor.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aRunDirectoryDeletedUnderARunningJobNeitherFailsItNorRunsItTwice() throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    Path gate = work.resolve("gate");
    JobId id = stack.lifecycle.submit(JobSpec.builder("/bin/sh", "-c",
        "echo run >> runs.txt; while [ ! -e gate ]; do sleep 0.05; done; echo finished")
        .name("gated").cwd(work.toString()).maxAttempts(3).build()).id();
    Job running = stack.tickUntil(supervisor, id, "ran", j -> j.state() == JobState.PROCESSING
        && Files.exists(work.resolve("runs.txt")));

    deleteTree(stack.runDir);
    List<PassReport> reports = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reports.add(supervisor.tick());
    }
    Files.createFile(gate);
    Job done = stack.tickUntil(supervisor, id, "completed", j -> j.state() == JobState.COMPLETED
        || j.state() == JobState.FAILED);

    assertThat(reports).allSatisfy(r -> assertThat(r.runtimeUnknown()).contains("was deleted")
        .contains("session(s) of this run still run"));
    assertThat(stack.job(id).state()).as("failure: %s", done.failureDetail()).isEqualTo(JobState.COMPLETED);
    assertThat(done.attempt()).isEqualTo(running.attempt()).isEqualTo(1);
    assertThat(Files.readAllLines(work.resolve("runs.txt"))).containsExactly("run");
    assertThat(stack.lifecycle.history(id)).noneMatch(t -> t.to() == JobState.FAILED);
    assertThat(stack.exitCode(id, 1)).isEqualTo("0");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
