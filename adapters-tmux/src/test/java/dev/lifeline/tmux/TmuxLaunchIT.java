package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a session runs: argv byte for byte, environment, working directory, and what is refused. */
class TmuxLaunchIT {

  /** Writes each of its arguments followed by a NUL byte to ./argv.bin. */
  private static final String PRINT_ARGV = "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > argv.bin";

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
  void hostileArgumentsReachTheProgramByteForByte() throws IOException {
    Path work = Files.createDirectories(temp.resolve("work"));
    List<String> hostile = List.of("$(touch pwned)", "`touch pwned2`", "; touch pwned3", "a;", ";", ";;", "b\\;",
        "c\\\\;", "'single' \"double\" 'unbalanced", "line1\nline2\n", "\n", "back\\slash\\n\\0101\\c", "",
        "  spaces  ", "\ttab\r", "unicode ✓ — ü 日本語 🚀", "#{session_name} #(touch pwned4) ##", "$HOME ${PATH}",
        "-t", "--", "*", "~", "trailing\\", "%s %b %n", "=name:", "x".repeat(20_000));
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", PRINT_ARGV, "argv0"));
    argv.addAll(hostile);
    JobSpec spec = JobSpec.builder(argv).name("hostile").cwd(work.toString()).build();

    SessionHandle h = runtime.start(TmuxFixture.processing(1, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED);

    assertThat(runtime.observeAll().statusOf(h)).isEqualTo(SessionStatus.exited(0));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (String a : hostile) {
      expected.writeBytes(a.getBytes(StandardCharsets.UTF_8));
      expected.write(0);
    }
    assertThat(Files.readAllBytes(work.resolve("argv.bin"))).isEqualTo(expected.toByteArray());
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("argv.bin");
    }
  }

  @Test
  void theProgramRunsInItsWorkingDirectoryWithItsEnvironment() throws IOException {
    Path work = Files.createDirectories(temp.resolve("dir with 'quotes', $dollar; and #hash"));
    JobSpec spec = JobSpec.builder("/bin/sh", "-c", "printf '%s\\0%s\\0%s' \"$PWD\" \"$GREETING\" \"$EMPTY\" > env.bin")
        .name("env").cwd(work.toString()).env("GREETING", "hello $(world)\nsecond line ✓").env("EMPTY", "").build();

    SessionHandle h = runtime.start(TmuxFixture.processing(2, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED);

    assertThat(new String(Files.readAllBytes(work.resolve("env.bin")), StandardCharsets.UTF_8))
        .isEqualTo(work.toRealPath() + "\0hello $(world)\nsecond line ✓\0");
  }

  @Test
  void aProgramThatDoesNotExistExitsWith127() {
    JobSpec spec = JobSpec.builder("/no/such/program", "arg").name("missing").build();

    SessionHandle h = runtime.start(TmuxFixture.processing(3, spec, 1));

    assertThat(TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
        .isEqualTo(SessionStatus.exited(127));
  }

  @Test
  void aShellBuiltinNameRunsTheProgramNotTheBuiltin() {
    // dash's builtin echo would turn "\n" into a newline; the echo program that execvp finds prints it as is.
    JobSpec spec = JobSpec.builder("echo", "a\\nb").name("echo").build();

    SessionHandle h = runtime.start(TmuxFixture.processing(5, spec, 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED);

    TmuxFixture.awaitTrue("the log holds the output", () -> read(runtime.logFile(h.jobId(), 1)).contains("b"));
    assertThat(read(runtime.logFile(h.jobId(), 1))).contains("a\\nb");
  }

  @Test
  void hostileSessionNamesAreRefusedAndStartNothing() {
    List<String> names = List.of("a:b", "a.b", "a b", "=a", "a\nb", "", "ü", "a;", "x".repeat(65), "$(id)", "a/b");
    long id = 10;
    for (String name : names) {
      Job job = TmuxFixture.processing(++id, TmuxFixture.sleeping(), 1, name);
      assertThatThrownBy(() -> runtime.start(job)).as("name %s", name).isInstanceOf(LaunchException.class)
          .hasMessageContaining("not a safe tmux name");
    }

    assertThat(runtime.observeAll().sessions()).isEmpty();
    assertThat(TmuxFixture.saysNoServer(tmux.tmux("list-sessions"))).isTrue();
  }

  @Test
  void invalidEnvironmentNamesAndMissingDirectoriesAreRefused() {
    // A bad environment name or a NUL never reaches the runtime: JobSpec refuses them when the spec is made.
    assertThatThrownBy(() -> JobSpec.builder("true").name("bad-env").env("NOT A NAME", "x").build())
        .isInstanceOf(InvalidJobSpecException.class).hasMessageContaining("NOT A NAME");
    assertThatThrownBy(() -> JobSpec.builder("echo", "a\0b").name("nul").build())
        .isInstanceOf(InvalidJobSpecException.class).hasMessageContaining("NUL");
    JobSpec noDir = JobSpec.builder("true").name("no-dir").cwd(temp.resolve("missing").toString()).build();

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(31, noDir, 1)))
        .isInstanceOf(LaunchException.class).hasMessageContaining("does not exist");
    assertThat(TmuxFixture.saysNoServer(tmux.tmux("list-sessions"))).isTrue();
  }

  @Test
  void aNameTakenByAForeignSessionFailsTheLaunchAndLeavesThatSessionUntouched() {
    Job first = TmuxFixture.processing(40, TmuxFixture.sleeping(), 1);
    runtime.start(first);
    Job job = TmuxFixture.processing(41, TmuxFixture.sleeping(), 1);
    tmux.tmux("new-session", "-d", "-s", job.session(), "sleep", "600");

    assertThatThrownBy(() -> runtime.start(job)).isInstanceOf(LaunchException.class)
        .hasMessageContaining("duplicate session");

    assertThat(tmux.tmux("show-options", "-q", "-v", "-t", "=" + job.session() + ":", "@lifeline_job")).isBlank();
    assertThat(runtime.observeAll().sessions().keySet()).extracting(SessionHandle::name)
        .containsExactly(first.session());
  }

  @Test
  void aLaunchThatFailsAfterTheSessionWasCreatedEndsThatSession() throws IOException {
    Path fake = Files.createDirectories(temp.resolve("bin")).resolve("tmux-failing-late");
    Files.writeString(fake, "#!/bin/sh\n"
        + "case \" $* \" in *' new-session '*) exec tmux \"$@\" \\; set-option -t =no-such-session: @x 1;;\n"
        + "*) exec tmux \"$@\";; esac\n");
    Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    TmuxSessionRuntime failing = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket)
        .runDirectory(tmux.runDir).tmux(fake.toString()).build());
    SessionHandle keeper = runtime.start(TmuxFixture.processing(60, TmuxFixture.sleeping(), 1));
    Job job = TmuxFixture.processing(61, TmuxFixture.sleeping(), 1);

    assertThatThrownBy(() -> failing.start(job)).isInstanceOf(LaunchException.class)
        .hasMessageContaining("no-such-session");

    assertThat(tmux.tmux("list-sessions", "-F", "#{session_name}").lines()).containsExactly(keeper.name());
    assertThat(tmux.runDir.resolve("launches/61-1.launch")).doesNotExist();
  }

  @Test
  void aRunDirectoryWithHostileCharactersWorks() throws IOException {
    Path hostileRun = Files.createDirectories(temp.resolve("run dir #{x} 'q' \"dq\" $HOME `id`; x;"));
    TmuxSessionRuntime other = tmux.track(TmuxSessionRuntime.builder().socket(tmux.socket + "-b")
        .runDirectory(hostileRun).build());
    try {
      JobSpec spec = JobSpec.builder("/bin/sh", "-c", "echo logged-line; exit 5").name("hostile-run").build();
      SessionHandle h = other.start(TmuxFixture.processing(50, spec, 1));

      assertThat(TmuxFixture.await(other, h, s -> s.liveness() == Liveness.EXITED).statusOf(h))
          .isEqualTo(SessionStatus.exited(5));
      TmuxFixture.awaitTrue("the log holds the line", () -> read(other.logFile(h.jobId(), 1)).contains("logged-line"));
      assertThat(other.exitFile(h.jobId(), 1)).hasContent("5\n" + h.name() + "\n");
    } finally {
      other.killServer();
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
