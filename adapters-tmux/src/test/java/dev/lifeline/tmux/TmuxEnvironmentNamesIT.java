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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 2: the wrapper's variables no longer share a namespace with the job's. Every name the wrapper or a
 * POSIX shell could use reaches the process as a plain variable, and argv and cwd stay exactly as submitted.
 */
class TmuxEnvironmentNamesIT {

  /** Every name the old wrapper used, and every name a POSIX shell (or bash as sh) treats specially. */
  static final List<String> NAMES = List.of("n", "i", "l", "v", "cwd", "session", "exit_file", "temp_file", "code",
      "IFS", "PATH", "ENV", "BASH_ENV", "PS1", "PS2", "PS4", "SHELLOPTS", "BASHOPTS", "HOME", "PWD", "OLDPWD",
      "OPTIND", "OPTARG", "LINENO", "PPID", "CDPATH", "_", "MAIL", "MAILPATH", "HISTFILE", "POSIXLY_CORRECT",
      "LC_ALL", "LANG", "TMPDIR", "SHELL", "TERM", "TMUX", "TMUX_PANE", "RANDOM", "SECONDS", "BASH_XTRACEFD",
      "BASH_ARGV0", "UID", "EUID", "FUNCNAME", "GROUPS");

  @TempDir
  Path temp;

  private TmuxFixture tmux;
  private TmuxSessionRuntime runtime;

  @BeforeEach
  void openRuntime() throws IOException {
    tmux = new TmuxFixture(Files.createDirectories(temp.resolve("runs")));
    runtime = tmux.runtime();
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  @Test
  void theIssuesExamplesRunTheSubmittedProgramInTheSubmittedDirectory() throws IOException {
    Path work = Files.createDirectories(temp.resolve("a"));
    // submit --cwd ./a --env n=2 --env cwd=/etc --env n=5 --env X=1 -- echo touch marker
    JobSpec spec = JobSpec.builder("echo", "touch", "marker").name("echo").cwd(work.toString())
        .env("n", "2").env("cwd", "/etc").env("X", "1").build();

    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));

    assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
        .isEqualTo(SessionStatus.exited(0));
    TmuxFixture.awaitTrue("the log holds echo's line", () -> read(runtime.logFile(h.jobId(), 1)).contains("touch"));
    assertThat(read(runtime.logFile(h.jobId(), 1))).contains("touch marker").doesNotContain("bad variable");
    try (var files = Files.list(work)) {
      assertThat(files).as("nothing was touched in the working directory").isEmpty();
    }
    assertThat(Path.of("/etc/marker")).doesNotExist();
  }

  @Test
  void everyShellAndWrapperNameReachesTheProcessAsAPlainVariable() throws IOException {
    Path work = Files.createDirectories(temp.resolve("work"));
    Path out = Files.createDirectories(temp.resolve("out"));
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : NAMES) {
      env.put(name, name.equals("n") ? "5" : "value of " + name + " $(touch pwned) ; \n'\"\\");
    }
    env.put("PATH", "/nonexistent-lifeline-path");
    env.put("IFS", "/");
    env.put("ENV", work.resolve("planted-env.sh").toString());
    env.put("BASH_ENV", work.resolve("planted-env.sh").toString());
    env.put("SHELLOPTS", "xtrace:verbose");
    env.put("PS4", "$(touch pwned-ps4)");
    env.put("CDPATH", "/etc");
    env.put("PWD", "/etc");
    env.put("OPTIND", "7"); // the dumping job is dash, which itself refuses to start with a non-numeric OPTIND
    Files.writeString(work.resolve("planted-env.sh"), "touch pwned-env\n");
    List<String> args = List.of("echo", "touch", "marker", "$HOME", "", "a b");
    JobSpec.Builder b = JobSpec.builder(ProcessDump.argv(out, args)).name("names").cwd(work.toString());
    env.forEach(b::env);

    SessionHandle h = runtime.start(TmuxFixture.processing(2, b.build(), 1));

    assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
        .isEqualTo(SessionStatus.exited(0));
    ProcessDump.assertReceived(out, args, env, work, "the job with " + NAMES.size() + " special names");
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("planted-env.sh");
    }
  }

  @Test
  void aDirectoryNamedLikeAnOptionOrHoldingShellSyntaxIsTheWorkingDirectory() throws IOException {
    Path out = Files.createDirectories(temp.resolve("out"));
    long id = 10;
    for (String name : List.of("-P", "--", "-", "$(touch pwned)", "a\nb", " lead", "trail ", "back\\slash", "%b")) {
      Path work = Files.createDirectories(temp.resolve("cwds").resolve(name));
      Path dump = Files.createDirectories(out.resolve(Long.toString(++id)));
      JobSpec spec = JobSpec.builder(ProcessDump.argv(dump, List.of())).name("cwd").cwd(work.toString())
          .env("CDPATH", "/etc").build();
      SessionHandle h = runtime.start(TmuxFixture.processing(id, spec, 1));
      assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
          .as("directory %s", name).isEqualTo(SessionStatus.exited(0));
      ProcessDump.assertReceived(dump, List.of(), Map.of("CDPATH", "/etc"), work, "directory " + name);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
