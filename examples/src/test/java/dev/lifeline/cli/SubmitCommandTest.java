package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.VerifierSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitCommandTest {

  private final Cli cli = new Cli();

  @Test
  void submitPrintsTheNewIdAloneAndQueuesTheJob() {
    Cli.Result r = cli.run("submit", "--", "echo", "hello world");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("1" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
    Job job = cli.wiring.store.find(JobId.of(1)).orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.spec().argv()).containsExactly("echo", "hello world");
    assertThat(job.name()).isEqualTo("echo");
    assertThat(job.spec().cwd()).isEqualTo(Path.of("").toAbsolutePath().normalize().toString());
    assertThat(cli.wiring.store.history(JobId.of(1))).singleElement()
        .satisfies(t -> assertThat(t.actor()).as("who submitted").isEqualTo("operator"));
  }

  @Test
  void everyOptionIsStoredOnTheJob() {
    Cli.Result r = cli.run("submit", "--name", "nightly build", "--priority", "7", "--max-attempts", "3",
        "--timeout", "90s", "--verify-cmd", "test -s out.txt", "--verify-file", "out.txt", "--approval",
        "--cwd", "/tmp", "--env", "A=1", "--env", "B=two", "--", "/usr/bin/make", "-k", "all");

    assertThat(r.code()).as(r.err()).isZero();
    Job job = cli.wiring.store.find(JobId.of(Long.parseLong(r.out().strip()))).orElseThrow();
    assertThat(job.name()).isEqualTo("nightly build");
    assertThat(job.spec().priority()).isEqualTo(7);
    assertThat(job.spec().maxAttempts()).isEqualTo(3);
    assertThat(job.spec().timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(job.spec().cwd()).isEqualTo("/tmp");
    assertThat(job.spec().env()).isEqualTo(Map.of("A", "1", "B", "two"));
    assertThat(job.spec().argv()).containsExactly("/usr/bin/make", "-k", "all");
    assertThat(job.spec().verifiers()).containsExactly(
        new VerifierSpec.Command("test -s out.txt", null), new VerifierSpec.FileExists("out.txt"),
        new VerifierSpec.Approval());
  }

  @Test
  void theSameKeyReturnsTheSameIdWithoutASecondJob() {
    String first = cli.run("submit", "--key", "deploy-42", "--", "true").out();
    String second = cli.run("submit", "--key", "deploy-42", "--", "false").out();
    String other = cli.run("submit", "--key", "deploy-43", "--", "true").out();

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(cli.wiring.store.counts().get(JobState.QUEUED)).isEqualTo(2);
  }

  @Test
  void argumentsAfterTheCommandAreNotReadAsOptionsEvenWithoutTheDoubleDash() {
    Cli.Result r = cli.run("submit", "ls", "-l", "--name", "x");

    assertThat(r.code()).isZero();
    assertThat(cli.wiring.store.find(JobId.of(1)).orElseThrow().spec().argv()).containsExactly("ls", "-l", "--name",
        "x");
  }

  @Test
  void aMissingCommandIsAUsageError() {
    Cli.Result r = cli.run("submit", "--name", "x");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("ARGV").contains("lifeline submit --help");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(cli.wiring.writeOpens).isZero();
  }

  @Test
  void aBadDurationIsAUsageErrorWithOneSentence() {
    Cli.Result r = cli.run("submit", "--timeout", "soon", "--", "true");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'soon' is not a duration").contains("90s, 5m, 2h");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void zeroAttemptsIsAUsageError() {
    Cli.Result r = cli.run("submit", "--max-attempts", "0", "--", "true");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--max-attempts", "from 1 to 1000");
    assertThat(cli.wiring.store.counts().get(JobState.QUEUED)).isZero();
  }

  @Test
  void theDefaultNameIsTheCommandsFileName() {
    assertThat(SubmitCommand.defaultName("/usr/local/bin/backup.sh")).isEqualTo("backup.sh");
    assertThat(SubmitCommand.defaultName("make")).isEqualTo("make");
    assertThat(List.of(SubmitCommand.defaultName("dir/"))).containsExactly("dir/");
  }
}
