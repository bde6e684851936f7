package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.tmux.TmuxClient.Outcome;
import dev.lifeline.tmux.TmuxClient.Result;
import org.junit.jupiter.api.Test;

class TmuxClientTest {

  @Test
  void wordsEndingInASemicolonAreEscapedSoTmuxDoesNotSplitThere() {
    assertThat(TmuxClient.literal("a;")).isEqualTo("a\\;");
    assertThat(TmuxClient.literal(";")).isEqualTo("\\;");
    assertThat(TmuxClient.literal(";;")).isEqualTo(";\\;");
    assertThat(TmuxClient.literal("b\\;")).isEqualTo("b\\\\;");
  }

  @Test
  void otherWordsPassUnchanged() {
    assertThat(TmuxClient.literal("a;b")).isEqualTo("a;b");
    assertThat(TmuxClient.literal("")).isEmpty();
    assertThat(TmuxClient.literal("#{x} $y 'z'")).isEqualTo("#{x} $y 'z'");
  }

  @Test
  void bothWaysTmuxSaysThereIsNoServerAreRecognised() {
    assertThat(new Result(Outcome.EXITED, 1, "no server running on /tmp/tmux-1/x\n").noServer()).isTrue();
    assertThat(new Result(Outcome.EXITED, 1, "error connecting to /tmp/tmux-1/x (No such file or directory)\n")
        .noServer()).isTrue();
  }

  @Test
  void otherFailuresAreNotMistakenForNoServer() {
    assertThat(new Result(Outcome.EXITED, 1, "error connecting to /tmp/tmux-1/x (Permission denied)\n").noServer())
        .isFalse();
    assertThat(new Result(Outcome.EXITED, 1, "protocol version mismatch\n").noServer()).isFalse();
    assertThat(new Result(Outcome.TIMED_OUT, -1, "no server running on x").noServer()).isFalse();
    assertThat(new Result(Outcome.EXITED, 0, "no server running on x").noServer()).isFalse();
  }

  @Test
  void aServerExitingMidCallAndAnEmptyServerAreRecognised() {
    assertThat(new Result(Outcome.EXITED, 1, "server exited unexpectedly\n").serverGoneMidway()).isTrue();
    assertThat(new Result(Outcome.EXITED, 1, "lost server\n").serverGoneMidway()).isTrue();
    assertThat(new Result(Outcome.EXITED, 1, "no current target\n").noSessions()).isTrue();
    assertThat(new Result(Outcome.EXITED, 1, "can't find session: x\n").noSessions()).isFalse();
  }

  @Test
  void theFirstLineSkipsBlankLines() {
    assertThat(new Result(Outcome.EXITED, 1, "\n  duplicate session: x \nmore\n").firstLine())
        .isEqualTo("duplicate session: x");
    assertThat(new Result(Outcome.EXITED, 3, "").firstLine()).isEqualTo("tmux exited with 3 and printed nothing");
  }
}
