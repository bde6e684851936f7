package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.SessionNames;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The names family on real tmux: paths and names handed to tmux (the run directory in the log pipe and the hooks'
 * wake file, session names derived from job names) holding shell syntax, tmux syntax, quotes and Unicode are carried
 * exactly; what cannot be carried (control characters, unsafe session names, socket names) is refused, as
 * {@code TmuxSessionRuntimeTest} and {@code TmuxLaunchIT} show.
 */
class TmuxNamesIT {

  /** Run directory names that hold no control character: each must work as any other. */
  static final List<String> RUN_DIR_NAMES = List.of("q'uote", "d\"quote", "$(touch pwned)", "`touch pwned`",
      "semi;", ";", "a \\; b", "#{session_name}", "##", "#(touch pwned)", "%s%b", "back\\slash\\n", "-leading",
      "--", "sp ace", "~tilde", "*?[x]{a,b}", "!bang&amp|pipe<>", "ü 日本 🚀", "=a:b.c", "x".repeat(120));

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
    TmuxFixture.emptyDirectory(temp.resolve("dirs")); // the run directories of the first test, before @TempDir's walk
  }

  @Test
  void runDirectoriesWithShellAndTmuxSyntaxCarryExitCodesLogsAndWakeUps() throws IOException {
    long id = 0;
    for (String name : RUN_DIR_NAMES) {
      Path dir = temp.resolve("dirs").resolve(name).resolve("jobs.db.runs");
      Files.createDirectories(dir.getParent());
      TmuxSessionRuntime runtime = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket).runDirectory(dir)
          .build());
      // A sleeping session first: its start installs this run's hooks, and it keeps the server (and so the hooks)
      // alive when the job ends. Started the other way round, a job that exits at once can end before the hooks of
      // its own start are installed, and then no hook fires for it (the exit file still records it).
      ++id;
      runtime.start(TmuxFixture.processing(1000 + id, TmuxFixture.sleeping(), 1));
      JobSpec spec = JobSpec.builder("/bin/sh", "-c", "echo logged-line; exit 4").name("n").build();
      SessionHandle h = runtime.start(TmuxFixture.processing(id, spec, 1));

      assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h)).as(name)
          .isEqualTo(SessionStatus.exited(4));
      TmuxFixture.awaitTrue("the log of " + name + " holds the line",
          () -> read(runtime.logFile(h.jobId(), 1)).contains("logged-line"));
      TmuxFixture.awaitTrue("the hook touched the wake file of " + name, () -> Files.exists(dir.resolve("exits/.wake")));
    }
    try (var found = Files.walk(temp)) {
      assertThat(found.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
    }
  }

  @Test
  void hostileJobNamesBecomeSafeSessionNamesThatAreObservedAndStoppedExactly() {
    TmuxSessionRuntime runtime = tmux.runtime();
    List<String> names = List.of("a\nb", "x;y", "#{session_name}", "$(id)", "=target:", "-t", "ü日本", "", " ",
        "a.b:c", "'q'\"d\"", "%1", "x".repeat(200));
    long id = 0;
    for (String jobName : names) {
      JobSpec spec = JobSpec.builder("sleep", "600").name(jobName).build();
      String session = SessionNames.of(JobId.of(++id), jobName, 1);
      SessionHandle h = runtime.start(TmuxFixture.processing(id, spec, 1, session));

      assertThat(SessionNames.isSafe(h.name())).as(jobName).isTrue();
      assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE).statusOf(h)).as(jobName)
          .isEqualTo(SessionStatus.ALIVE);
    }
    SessionHandle first = new SessionHandle(JobId.of(1), 1, SessionNames.of(JobId.of(1), names.get(0), 1));
    runtime.stop(first);

    assertThat(runtime.observeAll().sessions()).hasSize(names.size() - 1).doesNotContainKey(first);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
