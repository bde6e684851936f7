package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SqliteTmuxWiring#callerLocale}: the locale variables the caller had, before the launcher changed LC_ALL. */
class CallerLocaleTest {

  @Test
  void aCallerWithoutLcAllHasNoneEvenThoughTheLauncherSetOne() {
    Map<String, String> env = Map.of("LC_ALL", "C.UTF-8", "LIFELINE_CALLER_LC_ALL", "unset", "LANG", "C",
        "HOME", "/root");

    assertThat(SqliteTmuxWiring.callerLocale(env)).isEqualTo(Map.of("LANG", "C"));
  }

  @Test
  void aCallersLcAllComesBackWithItsValueEvenWhenEmpty() {
    assertThat(SqliteTmuxWiring.callerLocale(Map.of("LC_ALL", "C.UTF-8", "LIFELINE_CALLER_LC_ALL", "set:C")))
        .isEqualTo(Map.of("LC_ALL", "C"));
    assertThat(SqliteTmuxWiring.callerLocale(Map.of("LC_ALL", "C.UTF-8", "LIFELINE_CALLER_LC_ALL", "set:")))
        .isEqualTo(Map.of("LC_ALL", ""));
  }

  @Test
  void withoutTheLaunchersNoteTheEnvironmentIsTheCallersAndOtherLcNamesCount() {
    Map<String, String> env = Map.of("LC_ALL", "C.UTF-8", "LC_CUSTOM", "x", "LC-BAD", "y", "LANGUAGE", "fr",
        "PATH", "/bin");

    assertThat(SqliteTmuxWiring.callerLocale(env))
        .isEqualTo(Map.of("LC_ALL", "C.UTF-8", "LC_CUSTOM", "x", "LANGUAGE", "fr"));
  }
}
