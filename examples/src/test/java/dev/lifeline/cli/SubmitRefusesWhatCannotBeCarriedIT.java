package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 6 at the CLI, with a real SQLite file: what {@code JobSpec} refuses (a program name holding
 * {@code =} when the job sets environment variables, an argument starting with {@code @} read as a file) is refused or
 * carried at submit, with exit 2 and one sentence, and a refusal writes nothing.
 */
class SubmitRefusesWhatCannotBeCarriedIT {

  @TempDir
  Path dir;

  private String db;

  @BeforeEach
  void oneJobAlready() {
    db = dir.resolve("jobs.db").toString();
    Cli.Result first = RealCli.run("--db", db, "submit", "--", "true");
    assertThat(first.code()).as(first.err()).isZero();
  }

  private int jobs() {
    Cli.Result list = RealCli.run("--db", db, "list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    return list.out().split("\"id\"", -1).length - 1;
  }

  @Test
  void aProgramNameHoldingAnEqualsSignWithEnvironmentIsRefusedWithExit2AndNothingIsWritten() {
    Cli.Result r = RealCli.run("--db", db, "submit", "--env", "A=1", "--", "X=1");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("The command 'X=1' contains '=', which env(1) would read as a variable when the job "
        + "sets environment variables; give the program without '=' in its name.\n");
    assertThat(jobs()).isEqualTo(1);
  }

  @Test
  void aProgramNameHoldingAnEqualsSignWithoutEnvironmentIsAcceptedAsGiven() {
    Cli.Result r = RealCli.run("--db", db, "submit", "--", "./X=1", "a=b");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(RealCli.run("--db", db, "show", "2", "--json").out()).contains("\"./X=1\", \"a=b\"");
  }

  @Test
  void anArgumentStartingWithAtIsCarriedAsGivenNotReadAsAnArgumentFile() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("args"), "--help\n");

    Cli.Result r = RealCli.run("--db", db, "submit", "--name", "@" + file, "--", "echo", "@" + file);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(RealCli.run("--db", db, "show", "2", "--json").out())
        .contains("\"name\" : \"@" + file + "\"", "\"echo\", \"@" + file + "\"");
  }

  @Test
  void anOptionValueThatLooksLikeAnOptionIsCarriedAsGiven() {
    Cli.Result attached = RealCli.run("--db", db, "submit", "--name=--help", "--", "true");
    Cli.Result separate = RealCli.run("--db", db, "submit", "--name", "--db", "--", "true");

    assertThat(attached.code()).as(attached.err()).isZero();
    assertThat(separate.code()).as(separate.err()).isZero();
    assertThat(RealCli.run("--db", db, "show", "2", "--json").out()).contains("\"name\" : \"--help\"");
    assertThat(RealCli.run("--db", db, "show", "3", "--json").out()).contains("\"name\" : \"--db\"");
  }
}
