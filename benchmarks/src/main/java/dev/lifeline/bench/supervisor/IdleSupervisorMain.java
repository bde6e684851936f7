package dev.lifeline.bench.supervisor;

import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The supervisor process measured by {@link IdleCpuBench}: a SQLite file, tmux on a named socket with its run
 * directory next to the file, default settings (poll 2 s, events on) but room for every job, {@code run()} until
 * SIGTERM. Prints "running" once the loop is about to start.
 *
 * <p>Usage: {@code IdleSupervisorMain DB_FILE SOCKET MAX_CONCURRENT}. A main; not thread-safe.
 */
public final class IdleSupervisorMain {

  private IdleSupervisorMain() {}

  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    try (SqliteJobStore store = SqliteJobStore.create(db);
        TmuxSessionRuntime runtime = TmuxSessionRuntime.builder().socket(args[1])
            .runDirectory(db.resolveSibling(db.getFileName() + ".runs")).build()) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
          .maxConcurrent(Integer.parseInt(args[2])).pollInterval(Duration.ofSeconds(2)).build();
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "idle-supervisor-shutdown"));
      System.out.println("running");
      supervisor.run();
    }
  }
}
