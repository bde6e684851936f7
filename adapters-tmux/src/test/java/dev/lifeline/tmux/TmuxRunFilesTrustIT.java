package dev.lifeline.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.UntrustedPathException;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.spi.SessionStatus.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 finding 1 at the runtime: the run directory and every file trusted from it (wrapper, launch, log and exit
 * files, records) must be this user's, not writable by group or others, and of the expected kind. Otherwise opening
 * fails, a start is refused before any session exists, or an observation is UNKNOWN; never does a planted file run
 * or count as an exit code, and no check blocks on a FIFO. Cases owned by another user need root (CI runs as root).
 */
class TmuxRunFilesTrustIT {

  private static final int NOBODY = 65534;

  @TempDir
  Path temp;

  private TmuxFixture tmux;
  private Path work;

  @BeforeEach
  void openFixture() throws IOException {
    tmux = new TmuxFixture(temp.resolve("runs"));
    work = Files.createDirectories(temp.resolve("work"));
  }

  @AfterEach
  void killThisTestsServer() {
    tmux.cleanUp();
  }

  // ---- on open -------------------------------------------------------------------------------------------------

  @Test
  void aWorldWritableRunDirectoryIsRefusedOnOpen() throws IOException {
    Files.createDirectories(tmux.runDir);
    chmod(tmux.runDir, "rwxrwxrwx");

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("writable by group or others (mode 0777)")
        .satisfies(e -> assertThat(((UntrustedPathException) e).path()).isEqualTo(tmux.runDir));
  }

  @Test
  void aGroupWritableSubdirectoryIsRefusedOnOpen() throws IOException {
    Files.createDirectories(tmux.runDir.resolve("exits"));
    chmod(tmux.runDir, "rwx------");
    chmod(tmux.runDir.resolve("exits"), "rwxrwx---");

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class).hasMessageContaining("exits");
  }

  @Test
  void aRunDirectoryThatIsASymbolicLinkIsRefusedOnOpen() throws IOException {
    Path real = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(tmux.runDir, real);

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("is a symbolic link where Lifeline expects a directory");
  }

  @Test
  void anExitDirectoryThatIsASymbolicLinkIsRefusedOnOpen() throws IOException {
    Files.createDirectories(tmux.runDir);
    chmod(tmux.runDir, "rwx------");
    Files.createSymbolicLink(tmux.runDir.resolve("exits"), Files.createDirectories(temp.resolve("elsewhere")));

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("exits is a symbolic link");
  }

  @Test
  void aRunDirectoryOfAnotherUserIsRefusedOnOpen() throws IOException {
    assumeRoot();
    Files.createDirectories(tmux.runDir);
    chown(tmux.runDir, NOBODY);

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("is owned by uid " + NOBODY);
  }

  @Test
  void recordsOfAnotherUserOrWritableByOthersAreRefusedOnOpen() throws IOException {
    Files.createDirectories(tmux.runDir);
    chmod(tmux.runDir, "rwx------");
    Files.writeString(tmux.runDir.resolve("tmux-socket"), "/tmp/planted-socket\n");
    chmod(tmux.runDir.resolve("tmux-socket"), "rw-rw-rw-");

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class).hasMessageContaining("tmux-socket");
  }

  @Test
  void aDamagedRunIdMakesObservationsUnknownInsteadOfEverySessionGone() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    Files.writeString(tmux.runDir.resolve("run-id"), "not an id\n");

    Observation seen = runtime.observeAll();

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("does not hold a run id");
    assertThat(seen.healthy()).isFalse();
    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
  }

  @Test
  void aDamagedSocketRecordIsRefusedOnOpenRatherThanAskingAnotherServer() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    Files.writeString(tmux.runDir.resolve("tmux-socket"), "relative/socket\n");

    assertThatThrownBy(tmux::runtime).isInstanceOf(UntrustedPathException.class)
        .hasMessageContaining("does not hold an absolute socket path");
  }

  // ---- before each launch --------------------------------------------------------------------------------------

  @Test
  void aWrapperChangedAfterTheFirstLaunchIsRewrittenAndThePlantedScriptNeverRuns() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle first = runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    TmuxFixture.await(runtime, first, s -> s.liveness() == Liveness.EXITED);
    Path wrapper = tmux.runDir.resolve(LaunchScript.FILE_NAME);
    Files.writeString(wrapper, "touch " + work.resolve("planted-ran") + "\n");

    SessionHandle second = runtime.start(TmuxFixture.processing(2, exits0("second"), 1));

    assertThat(TmuxFixture.await(runtime, second, s -> s.liveness() == Liveness.EXITED).statusOf(second))
        .isEqualTo(SessionStatus.exited(0));
    assertThat(work.resolve("planted-ran")).doesNotExist();
    assertThat(Files.readString(wrapper, StandardCharsets.UTF_8)).isEqualTo(LaunchScript.TEXT);
  }

  @Test
  void aWrapperMadeWritableByOthersOrReplacedByALinkIsRefusedAndNoSessionStarts() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle first = runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    // The first session must have run its wrapper before the test tampers with it: started a moment late, it would
    // run the planted script itself.
    assertThat(TmuxFixture.await(runtime, first, s -> s.liveness() == Liveness.EXITED).statusOf(first))
        .isEqualTo(SessionStatus.exited(0));
    Path wrapper = tmux.runDir.resolve(LaunchScript.FILE_NAME);
    chmod(wrapper, "rw-rw-rw-");

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(2, exits0("second"), 1)))
        .isInstanceOf(UntrustedPathException.class).hasMessageContaining("launch wrapper");

    Files.delete(wrapper);
    Path planted = Files.writeString(temp.resolve("planted.sh"), "touch " + work.resolve("planted-ran") + "\n");
    Files.createSymbolicLink(wrapper, planted);

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(3, exits0("third"), 1)))
        .isInstanceOf(UntrustedPathException.class).hasMessageContaining("symbolic link");
    assertThat(tmux.tmux("list-sessions", "-F", "#{session_name}")).doesNotContain("second", "third");
    assertThat(tmux.runDir.resolve("launches/2-1.launch")).doesNotExist();
    assertThat(work.resolve("planted-ran")).doesNotExist();
  }

  @Test
  void aWrapperOfAnotherUserIsRefusedBeforeTheNextLaunch() throws IOException {
    assumeRoot();
    TmuxSessionRuntime runtime = tmux.runtime();
    runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    chown(tmux.runDir.resolve(LaunchScript.FILE_NAME), NOBODY);

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(2, exits0("second"), 1)))
        .isInstanceOf(UntrustedPathException.class).hasMessageContaining("owned by uid " + NOBODY);
  }

  @Test
  void aLogFilePlantedAsALinkIsRefusedSoThePaneNeverWritesThroughIt() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    Path target = Files.writeString(temp.resolve("precious"), "keep\n");
    Files.createSymbolicLink(tmux.runDir.resolve("logs/2-1.log"), target);

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(2, exits0("second"), 1)))
        .isInstanceOf(UntrustedPathException.class).hasMessageContaining("log file");
    assertThat(target).hasContent("keep");
  }

  @Test
  void aLaunchFilePlantedAsALinkIsNamedAndNothingRuns() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    Path planted = Files.writeString(temp.resolve("planted.launch"), "lifeline-launch-v2\ne\nt\ns\n/\ntouch\n"
        + work.resolve("planted-ran") + "\n");
    Files.createSymbolicLink(tmux.runDir.resolve("launches/2-1.launch"), planted);

    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(2, exits0("second"), 1)))
        .isInstanceOf(UntrustedPathException.class).hasMessageContaining("launch file").hasMessageContaining("link");
    assertThat(tmux.tmux("list-sessions", "-F", "#{session_name}")).doesNotContain("second");
    assertThat(work.resolve("planted-ran")).doesNotExist();
  }

  @Test
  void anExitFileLongerThanLifelineWritesIsRefused() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    Files.writeString(runtime.exitFile(h.jobId(), 1), "0\n" + h.name() + "\n" + "x".repeat(10_000));

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).contains("longer than");
  }

  // ---- before an exit file is read -------------------------------------------------------------------------------

  @Test
  void exitFilesOfTheWrongKindAreRefusedWithoutBlocking() throws Exception {
    TmuxSessionRuntime runtime = tmux.runtime();
    Job sleeper = TmuxFixture.processing(1, TmuxFixture.sleeping(), 1);
    SessionHandle h = runtime.start(sleeper);
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    Path exit = runtime.exitFile(h.jobId(), 1);
    Path fake = Files.writeString(temp.resolve("fake-exit"), "0\n" + h.name() + "\n");

    for (String kind : List.of("fifo", "link", "directory")) {
      switch (kind) {
        case "fifo" -> assertThat(TmuxFixture.run(List.of("mkfifo", exit.toString()))).isEmpty();
        case "link" -> Files.createSymbolicLink(exit, fake);
        default -> Files.createDirectory(exit);
      }
      Observation seen = CompletableFuture.supplyAsync(runtime::observeAll).get(5, TimeUnit.SECONDS);

      assertThat(seen.healthy()).as(kind).isFalse();
      assertThat(seen.unknownReason()).as(kind).contains("exit file").contains(exit.toString());
      assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
      Files.delete(exit);
    }
    assertThat(runtime.observeAll().statusOf(h)).isEqualTo(SessionStatus.ALIVE);
  }

  @Test
  void anExitFilePlantedByAnotherUserIsNeverAnExitCode() throws Exception {
    assumeRoot();
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.ALIVE);
    Path exit = runtime.exitFile(h.jobId(), 1);
    Files.writeString(exit, "0\n" + h.name() + "\n");
    chown(exit, NOBODY);

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).contains("owned by uid " + NOBODY);
    assertThat(seen.statusOf(h)).isNotEqualTo(SessionStatus.exited(0));
  }

  @Test
  void aRunDirectoryMadeWorldWritableWhileSessionsRunMakesObservationsUnknownAndRefusesStarts() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, TmuxFixture.sleeping(), 1));
    chmod(tmux.runDir.resolve("exits"), "rwxrwxrwx");

    Observation seen = runtime.observeAll();

    assertThat(seen.healthy()).isFalse();
    assertThat(seen.unknownReason()).contains("writable by group or others");
    assertThat(seen.statusOf(h)).isEqualTo(SessionStatus.UNKNOWN);
    chmod(tmux.runDir, "rwxrwxrwx");
    chmod(tmux.runDir.resolve("exits"), "rwx------");
    assertThatThrownBy(() -> runtime.start(TmuxFixture.processing(2, exits0("second"), 1)))
        .isInstanceOf(UntrustedPathException.class);
    assertThat(tmux.runDir.resolve("launches/2-1.launch")).doesNotExist();
  }

  @Test
  void directoriesAndFilesTheRuntimeCreatesAreOwnerOnly() throws IOException {
    TmuxSessionRuntime runtime = tmux.runtime();
    SessionHandle h = runtime.start(TmuxFixture.processing(1, exits0("first"), 1));
    TmuxFixture.await(runtime, h, s -> s.liveness() == Liveness.EXITED);

    for (String dir : List.of("", "exits", "logs", "launches")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmux.runDir.resolve(dir),
          LinkOption.NOFOLLOW_LINKS))).as(dir).isEqualTo("rwx------");
    }
    for (String file : List.of(LaunchScript.FILE_NAME, "run-id", "tmux-socket", "launches/1-1.launch", "logs/1-1.log",
        "exits/1-1.exit")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmux.runDir.resolve(file),
          LinkOption.NOFOLLOW_LINKS))).as(file).isEqualTo("rw-------");
    }
  }

  private JobSpec exits0(String name) {
    return JobSpec.builder("true").name(name).cwd(work.toString()).build();
  }

  private static void chmod(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  private static void chown(Path p, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  /** Files of another user can only be made as root; CI runs as root, so there this never skips. */
  private static void assumeRoot() {
    boolean root = TrustedFiles.uid() == 0;
    if (!root && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but the tests do not run as root, so files of another user cannot be made");
    }
    Assumptions.assumeTrue(root, "not root: files owned by another user cannot be made here");
  }
}
