package dev.lifeline.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.UntrustedPathException;
import dev.lifeline.spi.JobStore;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 1 with a real second user ({@code nobody}), real tmux and a real SQLite file: a run directory
 * pre-created by another user, a world-writable one, a wrapper replaced after the first launch and an exit file
 * planted by another user are each refused (exit 5 at the CLI, UNKNOWN in a pass), no job is recorded COMPLETED
 * falsely, and the planted script never runs. The database lives in a shared sticky directory (like {@code /tmp}),
 * where the other user can create files.
 */
class HostileEnvironmentIT {

  @TempDir
  Path temp;

  private Path shared;
  private Path db;
  private Path runDir;
  private Path marker;
  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 12);
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void sharedDirectory() throws IOException {
    RealStack.assumeTmux();
    SecondUser.require();
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    shared = Files.createDirectories(temp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(RealStack.run(List.of("chmod", "+t", shared.toString())).code()).isZero();
    db = shared.resolve("jobs.db");
    runDir = shared.resolve("jobs.db.runs");
    marker = shared.resolve("planted-script-ran");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    RealStack.run(List.of("tmux", "-L", socket, "kill-server"));
  }

  @Test
  void aRunDirectoryPreCreatedByAnotherUserIsRefusedAndNothingRuns() throws Exception {
    assertThat(SecondUser.run("/bin/sh", "-c", "mkdir -m 700 '" + runDir + "' && mkdir -m 700 '" + runDir
        + "/exits' && printf 'touch %s\\n' '" + marker + "' > '" + runDir + "/lifeline-launch-v2.sh' && printf"
        + " '0\\nx-1-1\\n' > '" + runDir + "/exits/1-1.exit' && chmod 755 '" + runDir + "'").code()).isZero();
    JobStore store = store();
    JobId id = Lifecycle.builder().store(store).build().submit(JobSpec.builder("true").name("x").build()).id();

    RealStack.Result cli = cli("run", "--once");

    assertThatThrownBy(this::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("owned by uid " + SecondUser.UID);
    assertThat(cli.code()).as(cli.output()).isEqualTo(5);
    assertThat(cli.output().strip().lines()).as(cli.output()).hasSize(1);
    assertThat(cli.output()).contains(runDir.toString()).contains("owned by uid " + SecondUser.UID)
        .doesNotContain("Exception", "\tat ");
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(marker).doesNotExist();
    assertThat(RealStack.run(List.of("tmux", "-L", socket, "list-sessions")).code()).isNotZero();
  }

  @Test
  void aWorldWritableRunDirectoryIsRefusedAndNothingRuns() throws Exception {
    Files.createDirectories(runDir);
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    JobStore store = store();
    JobId id = Lifecycle.builder().store(store).build().submit(JobSpec.builder("true").name("x").build()).id();

    RealStack.Result cli = cli("run", "--once");

    assertThat(cli.code()).as(cli.output()).isEqualTo(5);
    assertThat(cli.output()).contains("writable by group or others").doesNotContain("\tat ");
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(runDir.resolve("launches")).doesNotExist();
  }

  @Test
  void aWrapperReplacedByAnotherUserAfterTheFirstLaunchNeverRuns() throws Exception {
    JobStore store = store();
    TmuxSessionRuntime runtime = runtime();
    Lifecycle lifecycle = Lifecycle.builder().store(store).build();
    Supervisor supervisor = supervisor(lifecycle, runtime);
    JobId first = lifecycle.submit(JobSpec.builder("true").name("first").build()).id();
    tickUntil(supervisor, store, first, JobState.COMPLETED);
    // A careless operator opens the directory; the other user swaps the wrapper for their own script.
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(SecondUser.run("/bin/sh", "-c", "rm -f '" + runDir + "/lifeline-launch-v2.sh' && printf 'touch %s\\n'"
        + " '" + marker + "' > '" + runDir + "/lifeline-launch-v2.sh'").code()).isZero();
    JobId second = lifecycle.submit(JobSpec.builder("true").name("second").build()).id();

    PassReport whileOpen = supervisor.tick();
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
    PassReport afterClosing = supervisor.tick();

    assertThat(whileOpen.runtimeUnknown()).contains("writable by group or others");
    assertThat(afterClosing.runtimeUnknown()).contains("launch wrapper").contains("owned by uid " + SecondUser.UID);
    assertThat(store.find(second).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThatThrownBy(() -> runtime.start(startedCopy(store, second))).isInstanceOf(UntrustedPathException.class);
    assertThat(marker).doesNotExist();
  }

  @Test
  void anExitFilePlantedByAnotherUserIsNeverACompletion() throws Exception {
    JobStore store = store();
    TmuxSessionRuntime runtime = runtime();
    Lifecycle lifecycle = Lifecycle.builder().store(store).build();
    Supervisor supervisor = supervisor(lifecycle, runtime);
    JobId id = lifecycle.submit(JobSpec.builder("sleep", "600").name("sleeper").build()).id();
    tickUntil(supervisor, store, id, JobState.PROCESSING);
    Job running = store.find(id).orElseThrow();
    Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(runDir.resolve("exits"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Path exit = runtime.exitFile(id, running.attempt());
    assertThat(SecondUser.run("/bin/sh", "-c", "printf '0\\n%s\\n' '" + running.session() + "' > '" + exit + "'")
        .code()).isZero();

    List<PassReport> reports = new ArrayList<>();
    reports.add(supervisor.tick());
    Files.setPosixFilePermissions(runDir.resolve("exits"), PosixFilePermissions.fromString("rwx------"));
    reports.add(supervisor.tick());
    reports.add(supervisor.tick());

    assertThat(reports).allSatisfy(r -> assertThat(r.runtimeUnknown()).isNotNull());
    assertThat(reports.get(2).runtimeUnknown()).contains("exit file").contains("owned by uid " + SecondUser.UID);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.PROCESSING);
    assertThat(lifecycle.history(id)).noneMatch(t -> t.to() == JobState.VERIFICATION || t.to() == JobState.COMPLETED);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private JobStore store() {
    SqliteJobStore store = SqliteJobStore.create(db);
    open.add(store);
    return store;
  }

  private TmuxSessionRuntime runtime() {
    TmuxSessionRuntime runtime = TmuxSessionRuntime.builder().socket(socket).runDirectory(runDir).build();
    open.add(runtime);
    return runtime;
  }

  private Supervisor supervisor(Lifecycle lifecycle, TmuxSessionRuntime runtime) {
    Supervisor s = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).pollInterval(Duration.ofMillis(100))
        .startGrace(Duration.ofMillis(300)).lostAfter(2).holder("it-host", ProcessHandle.current().pid()).build();
    open.add(s::close);
    return s;
  }

  private static void tickUntil(Supervisor s, JobStore store, JobId id, JobState state) throws InterruptedException {
    long end = System.nanoTime() + RealStack.DEADLINE.toNanos();
    while (store.find(id).orElseThrow().state() != state) {
      assertThat(System.nanoTime() - end).as("job %s never reached %s", id, state).isNegative();
      s.tick();
      Thread.sleep(50);
    }
  }

  /** The queued job as START would make it (attempt 1, a session name), to call the runtime directly. */
  private static Job startedCopy(JobStore store, JobId id) {
    Job q = store.find(id).orElseThrow();
    return q.toBuilder().state(JobState.PROCESSING).attempt(1).session("second-" + id.value() + "-1").build();
  }

  private RealStack.Result cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.lifeline.cli.LifelineCommand", "--db", db.toString(), "--socket", socket));
    cmd.addAll(List.of(args));
    return RealStack.run(cmd);
  }
}
