package dev.lifeline.examples;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.Transition;
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
import java.util.stream.Stream;

/**
 * Embedding Lifeline in your own program: a SQLite store, a lifecycle, a tmux runtime and a supervisor; submit one
 * job, supervise until nothing is left to do, and read the job back with its history.
 *
 * <p>Needs tmux 3.2 or newer. It uses a temporary database and its own tmux server on a private socket, and removes
 * both when it ends; the default tmux server is never touched. Stateless: each {@link #run} builds its own parts, so
 * runs are independent and thread-safe.
 *
 * <pre>java -cp 'examples/target/lifeline-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*' \
 *     dev.lifeline.examples.EmbeddingMain</pre>
 */
public final class EmbeddingMain {

  /**
   * What the example saw.
   *
   * @param id the job's id
   * @param state the job's final state
   * @param exitCode the command's exit code
   * @param history the job's history, oldest first
   * @param output what the command printed, as captured in the run directory's log
   * @param directory the temporary directory (removed by the time {@code run} returns)
   * @param socket the private tmux socket's name (its server ended and its socket file removed by the time
   *     {@code run} returns)
   * @param socketFile where that socket was
   */
  public record Result(JobId id, JobState state, Integer exitCode, List<Transition> history, String output,
      Path directory, String socket, Path socketFile) {

    /** True when the job ran to COMPLETED with exit code 0. */
    public boolean worked() {
      return state == JobState.COMPLETED && Integer.valueOf(0).equals(exitCode);
    }
  }

  public static void main(String[] args) throws IOException {
    if (!run(System.out).worked()) {
      System.exit(1);
    }
  }

  /** Runs the example, printing what happens to {@code out}. */
  public static Result run(PrintStream out) throws IOException {
    Path directory = Files.createTempDirectory("lifeline-embedding-");
    String socket = "lifeline-example-" + UUID.randomUUID().toString().substring(0, 8);

    // 1. The session runtime: tmux on our own socket, keeping exit codes and logs next to the database.
    TmuxSessionRuntime tmux = TmuxSessionRuntime.builder()
        .socket(socket)
        .runDirectory(directory.resolve("jobs.db.runs"))
        .build();
    // 2. The store: a SQLite file, created and migrated on first use.
    SqliteJobStore store = SqliteJobStore.create(directory.resolve("jobs.db"));
    // 3. The lifecycle: the states, the transitions and the history, over that store.
    Lifecycle lifecycle = Lifecycle.builder().store(store).build();
    // 4. The supervisor: it starts queued jobs in tmux and keeps each row true to its session.
    Supervisor supervisor = Supervisor.builder()
        .lifecycle(lifecycle)
        .runtime(tmux)
        .pollInterval(Duration.ofMillis(200))
        .build();
    try {
      // 5. Submit a job: an argv, run exactly as given (here a shell, because we want one).
      Job job = lifecycle.submit(JobSpec.builder("sh", "-c", "echo hello").name("hello").build()).job();
      out.println("submitted job " + job.id() + " (" + job.name() + "): " + job.state());

      // 6. Supervise until nothing is queued, running or verifying: START, launch, EXITED, PASS.
      supervisor.runUntilIdle();

      // 7. Read the job back, with its history and what it printed.
      Job done = lifecycle.get(job.id());
      out.println("job " + done.id() + " is " + done.state() + ", exit code " + done.exitCode());
      List<Transition> history = lifecycle.history(done.id());
      for (Transition t : history) {
        long millis = Duration.between(history.get(0).at(), t.at()).toMillis();
        out.printf("  +%5d ms  %-8s -> %s%n", millis, t.event(), t.to());
      }
      String output = readLog(tmux.logFile(done.id(), done.attempt()));
      out.println("its output: " + output.strip());
      return new Result(done.id(), done.state(), done.exitCode(), history, output, directory, socket,
          tmux.socketPath());
    } finally {
      // 8. Clean up: stop supervising, close the store, end our private tmux server (never the default one) and
      //    delete the temporary files.
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

  /** The log, once tmux has written something to it (it copies the pane's output a moment after the fact). */
  private static String readLog(Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.exists(log) ? Files.readString(log) : "";
      if (!text.isBlank()) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return text;
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

  private EmbeddingMain() {}
}
