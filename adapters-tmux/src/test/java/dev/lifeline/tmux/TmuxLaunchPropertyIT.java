package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's property test on real tmux: 100 seeded random jobs (argv, environment names and values, working
 * directory names: any Unicode but NUL and unpaired surrogates, weighted to control characters, newlines, quotes,
 * {@code $()}, backslashes) per locale of the tmux server and wrapper ({@code LC_ALL=C} and {@code C.UTF-8}): each
 * process receives the UTF-8 bytes of what was submitted, byte for byte; what cannot be carried is refused before
 * anything runs.
 */
class TmuxLaunchPropertyIT {

  private static final int CASES = 100;

  @TempDir
  Path temp;

  private TmuxFixture tmux;

  @BeforeEach
  void openFixture() throws IOException {
    tmux = new TmuxFixture(Files.createDirectories(temp.resolve("runs")));
  }

  @AfterEach
  void killThisTestsServers() {
    tmux.cleanUp();
  }

  @ParameterizedTest(name = "LC_ALL={0}")
  @ValueSource(strings = {"C", "C.UTF-8"})
  void randomJobsReceiveExactlyTheBytesSubmitted(String locale) throws IOException {
    assertThat(System.getProperty("sun.jnu.encoding")).as("this test makes directories with Unicode names, so the"
        + " test JVM's file name encoding must be UTF-8").isEqualTo("UTF-8");
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket + "-" + locale.length())
        .runDirectory(tmux.runDir).environment("LC_ALL", locale).build());
    Random random = new Random(locale.hashCode() * 31L + 20261202L);
    List<Case> cases = new ArrayList<>();
    for (int i = 1; i <= CASES; i++) {
      cases.add(start(runtime, random, i));
    }
    for (Case c : cases) {
      assertThat(TmuxFixture.await(runtime, c.handle, s -> s.liveness() == Liveness.EXITED).statusOf(c.handle))
          .as("case %d", c.handle.jobId().value()).isEqualTo(SessionStatus.exited(0));
      ProcessDump.assertReceived(c.out, c.args, c.env, c.cwd, "case " + c.handle.jobId().value() + " under LC_ALL="
          + locale);
    }
  }

  @ParameterizedTest(name = "LC_ALL={0}")
  @ValueSource(strings = {"C", "C.UTF-8"})
  void randomValuesThatCannotBeCarriedAreRefusedAndNothingRuns(String locale) throws IOException {
    TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket + "-r" + locale.length())
        .runDirectory(tmux.runDir).environment("LC_ALL", locale).build());
    Random random = new Random(99L + locale.length());
    Path out = Files.createDirectories(temp.resolve("refused"));
    for (int i = 1; i <= 20; i++) {
      String bad = RandomText.value(random) + RandomText.uncarriable(random);
      int kind = i % 3;
      long id = 1000 + i;
      // JobSpec refuses a NUL already (InvalidJobSpecException); an unpaired surrogate only the runtime can see.
      assertThatThrownBy(() -> {
        JobSpec spec = switch (kind) {
          case 0 -> JobSpec.builder(ProcessDump.argv(out, List.of("ok", bad))).name("bad-arg").build();
          case 1 -> JobSpec.builder(ProcessDump.argv(out, List.of())).name("bad-env").env("BAD", bad).build();
          default -> JobSpec.builder(ProcessDump.argv(out, List.of())).name("bad-cwd").cwd("/tmp/" + bad).build();
        };
        runtime.start(TmuxFixture.processing(id, spec, 1));
      }).as("case %d", i).isInstanceOfAny(LaunchException.class, InvalidJobSpecException.class);
      assertThat(tmux.runDir.resolve("launches/" + id + "-1.launch")).doesNotExist();
    }
    try (var files = Files.list(out)) {
      assertThat(files).as("no dump was written").isEmpty();
    }
    assertThat(runtime.observeAll().sessions()).isEmpty();
  }

  private Case start(TmuxSessionRuntime runtime, Random random, int i) throws IOException {
    Path cwd = Files.createDirectories(temp.resolve("cwd").resolve(i + "-" + RandomText.fileName(random)));
    Path out = Files.createDirectories(temp.resolve("out").resolve(Integer.toString(i)));
    List<String> args = new ArrayList<>();
    int argc = random.nextInt(7);
    for (int k = 0; k < argc; k++) {
      args.add(RandomText.value(random));
    }
    Map<String, String> env = new LinkedHashMap<>();
    int envc = random.nextInt(5);
    for (int k = 0; k < envc; k++) {
      env.put(RandomText.envName(random), RandomText.value(random));
    }
    JobSpec.Builder b = JobSpec.builder(ProcessDump.argv(out, args)).name("prop").cwd(cwd.toString());
    env.forEach(b::env);
    SessionHandle h = runtime.start(TmuxFixture.processing(i, b.build(), 1));
    return new Case(h, out, args, env, cwd);
  }

  private record Case(SessionHandle handle, Path out, List<String> args, Map<String, String> env, Path cwd) {}
}
