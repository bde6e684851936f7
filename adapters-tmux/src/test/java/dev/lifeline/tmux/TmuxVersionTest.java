package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TmuxVersionTest {

  @Test
  void releasesFrom32OnAreSupported() {
    assertThat(TmuxVersion.parse("tmux 3.2").supported()).isTrue();
    assertThat(TmuxVersion.parse("tmux 3.3a\n").supported()).isTrue();
    assertThat(TmuxVersion.parse("tmux 3.5a").supported()).isTrue();
    assertThat(TmuxVersion.parse("tmux 10.0").supported()).isTrue();
  }

  @Test
  void releasesBefore32AreNot() {
    assertThat(TmuxVersion.parse("tmux 3.1c").supported()).isFalse();
    assertThat(TmuxVersion.parse("tmux 2.9a").supported()).isFalse();
    assertThat(TmuxVersion.parse("tmux 1.8").supported()).isFalse();
  }

  @Test
  void developmentBuildsCountByTheirNumberOrAsNew() {
    assertThat(TmuxVersion.parse("tmux next-3.4").supported()).isTrue();
    assertThat(TmuxVersion.parse("tmux next-3.1").supported()).isFalse();
    assertThat(TmuxVersion.parse("tmux master").supported()).isTrue();
  }

  @Test
  void theTextIsWhatFollowsTmux() {
    assertThat(TmuxVersion.parse("tmux 3.3a").text()).isEqualTo("3.3a");
    assertThat(TmuxVersion.parse("tmux 3.3a")).isEqualTo(new TmuxVersion("3.3a", 3, 3));
  }

  @Test
  void outputThatIsNotTmuxIsRejected() {
    assertThat(TmuxVersion.parse("screen 4.9")).isNull();
    assertThat(TmuxVersion.parse("")).isNull();
  }
}
