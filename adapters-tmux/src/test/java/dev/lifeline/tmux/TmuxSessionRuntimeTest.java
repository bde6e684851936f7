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
  void theLogPathIsQuotedForTheShellAndForTmuxFormats() {
    assertThat(TmuxSessionRuntime.shellFormatQuote(Path.of("/a b/it's #1.log")))
        .isEqualTo("'/a b/it'\\''s ##1.log'");
  }
}
