package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchScriptTest {

  @Test
  void backslashesAndNewlinesAreEncodedSoEveryValueIsOneLine() {
    assertThat(LaunchScript.encode("a\\b")).isEqualTo("a\\\\b");
    assertThat(LaunchScript.encode("a\nb")).isEqualTo("a\\nb");
    assertThat(LaunchScript.encode("a\\nb")).isEqualTo("a\\\\nb");
    assertThat(LaunchScript.encode("$(x) ; 'q' ✓")).isEqualTo("$(x) ; 'q' ✓");
  }

  @Test
  void theLaunchFileListsPathsSessionDirectoryEnvironmentThenArgv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "1");
    env.put("B", "two\nlines");

    String text = LaunchScript.launchFile("/r/exits/1-1.exit", "/r/launches/1-1.exit.tmp", "s-1-1", "/work", env,
        List.of("prog", "", "x\\y"));

    assertThat(text).isEqualTo("/r/exits/1-1.exit\n/r/launches/1-1.exit.tmp\ns-1-1\n/work\n2\nA=1\nB=two\\nlines\n"
        + "prog\n\nx\\\\y\n");
  }

  @Test
  void aNulCharacterIsRefused() {
    assertThatThrownBy(() -> LaunchScript.launchFile("e", "t", "s", "/", Map.of(), List.of("a\0b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("argument 0 contains a NUL character, which no"
            + " program can receive.");
  }

  @Test
  void anEnvironmentNameThatIsNotAVariableNameIsRefused() {
    assertThatThrownBy(() -> LaunchScript.launchFile("e", "t", "s", "/", Map.of("A-B", "x"), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A-B'");
    assertThatThrownBy(() -> LaunchScript.launchFile("e", "t", "s", "/", Map.of("1A", "x"), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWrapperRunsTheCommandInASubshellWithExecAndRenamesTheExitFile() {
    assertThat(LaunchScript.TEXT).contains("exec \"$@\"").contains("mv -f \"$temp_file\" \"$exit_file\"")
        .doesNotContain("eval");
  }
}
