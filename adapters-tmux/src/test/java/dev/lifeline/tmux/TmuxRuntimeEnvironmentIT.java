package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's own environment ({@code Builder.environment} and {@code Builder.unsetEnvironment}) as the job's
 * process receives it, read from its {@code /proc/PID/environ}: a removed variable is not there at all (not even
 * empty), a set one is there once with its value, also on a server that another runtime started with other values.
 */
class TmuxRuntimeEnvironmentIT {

  @TempDir
  Path temp;

  private TmuxFixture tmux;

  @BeforeEach
  void openFixture() throws IOException {
    tmux = new TmuxFixture(Files.createDirectories(temp.resolve("runs")));
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  @Test
  void aRemovedVariableIsNotInTheJobsEnvironmentWhenThisRuntimeStartsTheServer() throws IOException {
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).unsetEnvironment("HOME").unsetEnvironment("LC_ALL").build());

    Map<String, List<String>> env = environOfJob(runtime, 1, Map.of());

    assertThat(System.getenv("HOME")).as("the test JVM has HOME, so removing it means something").isNotNull();
    assertThat(env).doesNotContainKeys("HOME", "LC_ALL").containsKey("PATH");
    assertThat(tmux.tmux("show-environment", "-g", "HOME")).as("the server did not inherit it either")
        .doesNotContain("HOME=");
  }

  @Test
  void aRemovedVariableIsNotInTheJobsEnvironmentOnAServerThatHasIt() throws IOException {
    TmuxSessionRuntime first = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(Files.createDirectories(temp.resolve("first"))).environment("LIFELINE_IT_VAR", "from-first")
        .environment("LC_ALL", "").build());
    first.start(TmuxFixture.processing(100, TmuxFixture.sleeping(), 1)); // keeps the server up
    assertThat(environOfJob(first, 1, Map.of())).containsEntry("LIFELINE_IT_VAR", List.of("from-first"))
        .containsEntry("LC_ALL", List.of(""));
    TmuxSessionRuntime second = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).unsetEnvironment("LIFELINE_IT_VAR").unsetEnvironment("LC_ALL").build());

    Map<String, List<String>> env = environOfJob(second, 2, Map.of());

    assertThat(tmux.tmux("show-environment", "-g", "LIFELINE_IT_VAR")).as("the server has it")
        .startsWith("LIFELINE_IT_VAR=from-first");
    assertThat(env).doesNotContainKeys("LIFELINE_IT_VAR", "LC_ALL");
  }

  @Test
  void aSetVariableReachesTheJobOnceWithItsValueOnAServerStartedWithAnotherValue() throws IOException {
    TmuxSessionRuntime first = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(Files.createDirectories(temp.resolve("first"))).environment("LC_ALL", "C.UTF-8").build());
    first.start(TmuxFixture.processing(100, TmuxFixture.sleeping(), 1)); // keeps the server up
    assertThat(environOfJob(first, 1, Map.of())).containsEntry("LC_ALL", List.of("C.UTF-8"));
    TmuxSessionRuntime second = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).environment("LC_ALL", "C").build());

    assertThat(environOfJob(second, 2, Map.of())).containsEntry("LC_ALL", List.of("C"));
  }

  @Test
  void theJobsOwnVariableWinsOverTheRuntimesRemovalAndValue() throws IOException {
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).unsetEnvironment("LC_ALL").environment("LANG", "C").build());

    Map<String, List<String>> env = environOfJob(runtime, 1, Map.of("LC_ALL", "C.UTF-8", "LANG", "POSIX"));

    assertThat(env).containsEntry("LC_ALL", List.of("C.UTF-8")).containsEntry("LANG", List.of("POSIX"));
  }

  /** Runs a job that copies its {@code /proc/self/environ}, and returns every variable with all its values. */
  private Map<String, List<String>> environOfJob(TmuxSessionRuntime runtime, long id, Map<String, String> jobEnv)
      throws IOException {
    Path out = Files.createDirectories(temp.resolve("out-" + id));
    JobSpec.Builder spec = JobSpec.builder(ProcessDump.argv(out, List.of())).name("environ").cwd(temp.toString());
    jobEnv.forEach(spec::env);
    SessionHandle h = runtime.start(TmuxFixture.processing(id, spec.build(), 1));
    assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
        .isEqualTo(SessionStatus.exited(0));
    Map<String, List<String>> env = new LinkedHashMap<>();
    byte[] bytes = Files.readAllBytes(out.resolve("env.bin"));
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        String entry = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        int eq = entry.indexOf('=');
        env.computeIfAbsent(eq < 0 ? entry : entry.substring(0, eq), k -> new ArrayList<>())
            .add(eq < 0 ? "" : entry.substring(eq + 1));
        start = i + 1;
      }
    }
    return env;
  }
}
