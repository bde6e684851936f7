package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.StoreException;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

  private final Cli cli = new Cli();

  @Test
  void allChecksPassingIsExitZeroWithOneLineEach() {
    Cli.Result r = cli.run("doctor");

    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly("ok    runtime    fake", "ok    database   in memory");
  }

  @Test
  void aMissingTmuxIsExitSevenAndStillChecksTheDatabase() {
    cli.wiring.failRuntime = new RuntimeUnavailableException("tmux was not found on the PATH.");

    Cli.Result r = cli.run("doctor");

    assertThat(r.code()).isEqualTo(ExitCodes.TMUX);
    assertThat(r.out()).contains("FAIL  runtime    tmux was not found on the PATH.").contains("ok    database");
  }

  @Test
  void aBrokenDatabaseIsExitFive() {
    cli.wiring.failOpen = new StoreException(StoreException.Kind.CORRUPT, "x.db is not a database.", null);

    Cli.Result r = cli.run("doctor");

    assertThat(r.code()).isEqualTo(ExitCodes.STORE);
    assertThat(r.out()).contains("FAIL  database   x.db is not a database.");
  }
}
