package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TmuxSessionRuntimeTest {

  @Test
  void createUsesTheLifelineSocket() {
    assertThat(TmuxSessionRuntime.create(Path.of("/nonexistent/runs")).socket()).isEqualTo("lifeline");
  }

  @Test
  void aRunDirectoryIsRequired() {
    assertThatThrownBy(() -> TmuxSessionRuntime.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run directory");
  }

  @Test
  void socketNamesThatTmuxCouldMisreadAreRefused() {
    for (String bad : new String[] {"", "a/b", "a b", "../x", "a:b", "x".repeat(65)}) {
      assertThatThrownBy(() -> TmuxSessionRuntime.builder().socket(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(TmuxSessionRuntime.builder().socket("lifeline-it_1").runDirectory(Path.of("/r")).build().socket())
        .isEqualTo("lifeline-it_1");
  }

  /** The names family: whatever a socket name holds, it is refused in one printable sentence or carried as is. */
  @Test
  void hostileSocketNamesAreRefusedInOnePrintableSentence() {
    String[] hostile = {"a\nb", "a\rb", "a\tb", "\u001b[31m", "a\u0000b", "a\u007fb", "a\u0085b", "a;b", "a;",
        ";", "$(id)", "`id`", "a'b", "a\"b", "#{session_name}", "%1", "a=b", "a,b", "a.b", "~x", "*", "ü", "日本",
        "🚀", "a\\b", "a|b", "a&b", "a>b", "a b", "\u2028", "\uFEFFx", "."};
    for (String bad : hostile) {
      assertThatThrownBy(() -> TmuxSessionRuntime.builder().socket(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the socket name '")
          .satisfies(e -> assertThat(e.getMessage().codePoints().noneMatch(Character::isISOControl)).as(bad).isTrue());
    }
    for (String fine : new String[] {"-x", "--", "a-b_C9", "x".repeat(64), "lifeline"}) {
      assertThat(TmuxSessionRuntime.builder().socket(fine).runDirectory(Path.of("/nonexistent/r")).build().socket())
          .isEqualTo(fine);
    }
  }

  @Test
  void aRunDirectoryWithAControlCharacterIsRefusedInOnePrintableSentence() {
    for (String bad : new String[] {"/r/a\nb", "/r/a\tb", "/r/\u001b[0m", "/r/a\rb", "/r/\u007f", "/r/\u0085"}) {
      assertThatThrownBy(() -> TmuxSessionRuntime.builder().runDirectory(Path.of(bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character")
          .satisfies(e -> assertThat(e.getMessage().codePoints().noneMatch(Character::isISOControl)).as(bad).isTrue());
    }
  }

  @Test
  void theCommandTimeoutMustBePositive() {
    assertThatThrownBy(() -> TmuxSessionRuntime.builder().commandTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSocketPathFollowsTmuxTmpdirBeforeAnythingIsRecorded() {
    TmuxSessionRuntime runtime = TmuxSessionRuntime.builder().socket("s1").runDirectory(Path.of("/nonexistent/runs"))
        .environment("TMUX_TMPDIR", "/nonexistent/tmpdir").build();

    assertThat(runtime.socketPath().toString()).startsWith("/nonexistent/tmpdir/tmux-").endsWith("/s1");
  }

  @Test
  void environmentNamesThatAreNotVariableNamesAreRefusedInOneSentence() {
    for (String bad : new String[] {"", "A=B", "1A", "A B", "A\nB", "LC-ALL", "é"}) {
      assertThatThrownBy(() -> TmuxSessionRuntime.builder().unsetEnvironment(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the environment variable name '")
          .hasMessageEndingWith("is not a valid name (letters, digits and _, not starting with a digit).");
      assertThatThrownBy(() -> TmuxSessionRuntime.builder().environment(bad, "v")).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a valid name");
    }
    assertThatThrownBy(() -> TmuxSessionRuntime.builder().environment("A", "a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
  }

  @Test
  void unsettingAVariableTakesItOutOfTheTmuxClientsEnvironmentAndSettingItAgainPutsItBack() {
    TmuxSessionRuntime unset = TmuxSessionRuntime.builder().socket("s1").runDirectory(Path.of("/nonexistent/runs"))
        .environment("TMUX_TMPDIR", "/nonexistent/tmpdir").unsetEnvironment("TMUX_TMPDIR").build();
    TmuxSessionRuntime setAgain = TmuxSessionRuntime.builder().socket("s1")
        .runDirectory(Path.of("/nonexistent/runs")).unsetEnvironment("TMUX_TMPDIR")
        .environment("TMUX_TMPDIR", "/nonexistent/tmpdir").build();

    assertThat(unset.socketPath().toString()).doesNotStartWith("/nonexistent/tmpdir").contains("/tmux-");
    assertThat(setAgain.socketPath().toString()).startsWith("/nonexistent/tmpdir/tmux-");
  }

  @Test
  void theLogPathIsQuotedForTheShellAndForTmuxFormats() {
    assertThat(TmuxSessionRuntime.shellFormatQuote(Path.of("/a b/it's #1.log")))
        .isEqualTo("'/a b/it'\\''s ##1.log'");
    assertThat(TmuxSessionRuntime.shellFormatQuote(Path.of("/r/%s%b/%%.log"))).isEqualTo("'/r/%%s%%b/%%%%.log'");
  }
}
