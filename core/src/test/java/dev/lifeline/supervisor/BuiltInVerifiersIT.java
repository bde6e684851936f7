package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.FailureReason;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.VerifierSpec;
import dev.lifeline.event.Notice;
import dev.lifeline.testing.LifecycleHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in command and file verifiers against real processes and files (verifiers run inline in the pass). */
class BuiltInVerifiersIT {

  @TempDir
  Path dir;

  private JobId verifiedJob(LifecycleHarness h, VerifierSpec verifier) {
    JobId id = h.submit(JobSpec.builder("true").name("verified").cwd(dir.toString()).verify(verifier).build()).id();
    h.tick();
    h.endSession(id, 0);
    h.tick();
    return id;
  }

  @Test
  void aCommandThatExitsZeroInTheJobsDirectoryPasses() throws Exception {
    Files.writeString(dir.resolve("result.txt"), "42\n");
    LifecycleHarness h = LifecycleHarness.create();

    JobId id = verifiedJob(h, new VerifierSpec.Command("grep -q 42 result.txt", Duration.ofSeconds(30)));

    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aCommandThatExitsNonZeroRejectsWithItsCodeAndLastLine() {
    LifecycleHarness h = LifecycleHarness.create();

    JobId id = verifiedJob(h, new VerifierSpec.Command("echo checking; echo '3 tests failed' >&2; exit 4",
        Duration.ofSeconds(30)));

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("verify command `echo checking; echo '3 tests failed' >&2; exit 4` exited with code 4: "
            + "3 tests failed");
  }

  @Test
  void aCommandSeesTheJobsEnvironmentAndIdentity() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("true").name("env").cwd(dir.toString()).env("EXPECTED", "yes")
        .verify(new VerifierSpec.Command("test \"$EXPECTED\" = yes && test \"$LIFELINE_JOB_ID\" = 1 "
            + "&& test \"$LIFELINE_ATTEMPT\" = 1", Duration.ofSeconds(30))).build()).id();
    h.tick();
    h.endSession(id, 0);

    h.tick();

    h.expectState(id, JobState.COMPLETED);
  }

  @Test
  void aCommandPastItsTimeoutIsKilledAndRejectedWithANotice() throws Exception {
    LifecycleHarness h = LifecycleHarness.create();

    JobId id = verifiedJob(h, new VerifierSpec.Command("echo $$ > pid; exec sleep 60", Duration.ofSeconds(1)));

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("verify command `echo $$ > pid; exec sleep 60` did not finish within PT1S");
    assertThat(h.notices(Notice.VerifierTimedOut.class)).singleElement()
        .satisfies(n -> assertThat(n.verifier()).isEqualTo("command `echo $$ > pid; exec sleep 60`"));
    long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the command was killed").isFalse();
  }

  @Test
  void aCommandThatCannotStartRejectsSayingWhy() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(JobSpec.builder("true").name("nowhere").cwd(dir.resolve("missing").toString())
        .verify(new VerifierSpec.Command("true", Duration.ofSeconds(30))).build()).id();
    h.tick();
    h.endSession(id, 0);

    h.tick();

    assertThat(h.expectFailed(id, FailureReason.VERIFICATION_FAILED).failureDetail())
        .startsWith("verify command `true` could not be started");
  }

  @Test
  void aFileVerifierResolvesRelativePathsAgainstTheJobsDirectory() throws Exception {
    Files.writeString(dir.resolve("report.html"), "<html/>");
    LifecycleHarness h = LifecycleHarness.create();

    JobId present = verifiedJob(h, new VerifierSpec.FileExists("report.html"));
    JobId absent = verifiedJob(h, new VerifierSpec.FileExists("missing.html"));

    h.expectState(present, JobState.COMPLETED);
    assertThat(h.expectFailed(absent, FailureReason.VERIFICATION_FAILED).failureDetail())
        .isEqualTo("file " + dir.resolve("missing.html") + " does not exist");
  }
}
