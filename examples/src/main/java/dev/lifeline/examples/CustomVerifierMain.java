package dev.lifeline.examples;

import dev.lifeline.FailureReason;
import dev.lifeline.Job;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.Verdict;
import dev.lifeline.spi.Verifier;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A custom verifier: a job that exits 0 is COMPLETED only if the file it wrote contains the word DONE. The verifier
 * is registered on the lifecycle under a name; a job asks for it with {@link VerifierSpec.Custom}, which is stored
 * with the job, so any supervisor whose lifecycle registered the same name can verify it (and {@code submit} refuses
 * a job naming one that is not registered).
 *
 * <p>Two jobs both exit 0: one writes DONE and is COMPLETED, the other does not and is FAILED with reason
 * VERIFICATION_FAILED. Needs tmux 3.2 or newer; it uses a temporary database and its own tmux server on a private
 * socket, and removes both when it ends. Stateless: each {@link #run} builds its own parts, so runs are independent
 * and thread-safe.
 *
 * <pre>java -cp 'examples/target/lifeline-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*' \
 *     dev.lifeline.examples.CustomVerifierMain</pre>
 */
public final class CustomVerifierMain {

  /**
   * Passes when the file named by the spec's argument (relative to the job's working directory) contains the word
   * DONE. It only reads; the supervisor fires PASS or REJECT from its verdict. Stateless and thread-safe.
   */
  public static final class SaysDone implements Verifier {
    private static final Pattern DONE = Pattern.compile("\\bDONE\\b");

    @Override
    public Verdict verify(Job job) {
      return Verdict.failed("say which file to read: VerifierSpec.Custom(\"says-done\", \"FILE\")");
    }

    @Override
    public Verdict verify(Job job, String argument) {
      if (argument.isBlank()) {
        return verify(job);
      }
      Path file = Path.of(job.spec().cwd() == null ? "." : job.spec().cwd()).resolve(argument);
      if (!Files.isRegularFile(file)) {
        return Verdict.failed(argument + " was not written");
      }
      try {
        String text = Files.readString(file);
        return DONE.matcher(text).find()
            ? Verdict.passed()
            : Verdict.failed(argument + " does not say DONE: '" + text.strip() + "'");
      } catch (IOException e) {
        return Verdict.failed(argument + " could not be read: " + e.getMessage());
      }
    }
  }

  /**
   * What the example saw.
   *
   * @param passing the job that wrote DONE, as it ended
   * @param failing the job that did not, as it ended
   * @param directory the temporary directory (removed by the time {@code run} returns)
   * @param socket the private tmux socket's name (its server ended and its socket file removed by the time
   *     {@code run} returns)
   * @param socketFile where that socket was
   */
  public record Result(Job passing, Job failing, Path directory, String socket, Path socketFile) {

    /** True when the first job is COMPLETED and the second FAILED verification, both having exited 0. */
    public boolean worked() {
      return passing.state() == JobState.COMPLETED
          && failing.state() == JobState.FAILED
          && failing.failureReason() == FailureReason.VERIFICATION_FAILED
          && Integer.valueOf(0).equals(passing.exitCode())
          && Integer.valueOf(0).equals(failing.exitCode());
    }
  }

  public static void main(String[] args) throws IOException {
    if (!run(System.out).worked()) {
      System.exit(1);
    }
  }

  /** Runs the example, printing what happens to {@code out}. */
  public static Result run(PrintStream out) throws IOException {
    Path directory = Files.createTempDirectory("lifeline-verifier-");
    Path work = Files.createDirectory(directory.resolve("work"));
    String socket = "lifeline-example-" + UUID.randomUUID().toString().substring(0, 8);

    // 1. The same parts as EmbeddingMain: tmux on a private socket, a SQLite store, a lifecycle.
    TmuxSessionRuntime tmux = TmuxSessionRuntime.builder()
        .socket(socket)
        .runDirectory(directory.resolve("jobs.db.runs"))
        .build();
    SqliteJobStore store = SqliteJobStore.create(directory.resolve("jobs.db"));
    // 2. The lifecycle, with our verifier registered under the name "says-done" (submit refuses a job naming a
    //    verifier that is not registered), and the supervisor that runs it.
    Lifecycle lifecycle = Lifecycle.builder().store(store).verifier("says-done", new SaysDone()).build();
    Supervisor supervisor = Supervisor.builder()
        .lifecycle(lifecycle)
        .runtime(tmux)
        .verifierTimeout(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .build();
    try {
      // 3. Two jobs that both exit 0 and both ask for "says-done" on the file they write.
      Job build = lifecycle.submit(JobSpec.builder("sh", "-c", "echo compiling; echo DONE > build.txt")
          .name("build").cwd(work.toString())
          .verify(new VerifierSpec.Custom("says-done", "build.txt"))
          .build()).job();
      Job deploy = lifecycle.submit(JobSpec.builder("sh", "-c", "echo 'stopped: disk full' > deploy.txt")
          .name("deploy").cwd(work.toString())
          .verify(new VerifierSpec.Custom("says-done", "deploy.txt"))
          .build()).job();
      out.println("submitted job " + build.id() + " (build, writes DONE) and job " + deploy.id()
          + " (deploy, does not)");

      // 4. Supervise until idle: each job runs, exits 0, goes to VERIFICATION, and our verifier decides.
      supervisor.runUntilIdle();

      // 5. What the verifier decided.
      Job passing = lifecycle.get(build.id());
      Job failing = lifecycle.get(deploy.id());
      for (Job job : List.of(passing, failing)) {
        out.println("job " + job.id() + " (" + job.name() + "): exit code " + job.exitCode() + ", " + job.state()
            + (job.failureReason() == null ? "" : " (" + job.failureReason() + ": " + job.failureDetail() + ")"));
      }
      return new Result(passing, failing, directory, socket, tmux.socketPath());
    } finally {
      // 6. Clean up: stop supervising, close the store, end our private tmux server, delete the temporary files.
      supervisor.close();
      store.close();
      Path socketFile = tmux.socketPath();
      tmux.killServer();
      tmux.close();
      Files.deleteIfExists(socketFile); // tmux leaves the socket file of a killed server behind
      delete(directory);
      out.println("removed " + directory + " and the tmux server on socket " + socket);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private CustomVerifierMain() {}
}
