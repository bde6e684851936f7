package dev.lifeline.integration;

import dev.lifeline.Backoff;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A supervisor process for {@link ChaosIT}: the same wiring as {@code lifeline run} (a SQLite file, tmux on a named
 * socket with its run directory next to the file, {@link Supervisor#run()} holding the lease, SIGTERM closing it), but
 * with test-sized retry backoff and start grace. Prints one line per transition and notice.
 *
 * <p>Usage: {@code ChaosSupervisorMain DB_FILE SOCKET POLL_MILLIS MAX_CONCURRENT}.
 */
public final class ChaosSupervisorMain {

  private ChaosSupervisorMain() {}

  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    String socket = args[1];
    Duration poll = Duration.ofMillis(Long.parseLong(args[2]));
    int maxConcurrent = Integer.parseInt(args[3]);
    try (SqliteJobStore store = SqliteJobStore.create(db);
        TmuxSessionRuntime runtime = TmuxSessionRuntime.builder().socket(socket)
            .runDirectory(db.resolveSibling(db.getFileName() + ".runs")).build()) {
      Lifecycle lifecycle = Lifecycle.builder().store(store)
          .backoff(new Backoff(Duration.ofMillis(300), 2.0, Duration.ofSeconds(2))).build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
          .maxConcurrent(maxConcurrent)
          .pollInterval(poll)
          .startGrace(Duration.ofSeconds(1))
          .leaseStaleAfter(Duration.ofSeconds(30))
          .listener(new Printer())
          .build();
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "chaos-supervisor-shutdown"));
      System.out.println(Instant.now() + " supervisor " + supervisor.holder() + " runs");
      supervisor.run();
      System.out.println(Instant.now() + " supervisor " + supervisor.holder() + " stopped");
    }
  }

  /** One line per transition and notice on stdout. */
  private static final class Printer implements LifelineListener {
    @Override
    public void onTransition(TransitionEvent e) {
      var t = e.transition();
      System.out.println(Instant.now() + " job " + e.job().id() + " #" + e.job().attempt() + " " + t.from() + " -"
          + t.event() + "-> " + t.to() + (t.detail() == null ? "" : " (" + t.detail() + ")"));
    }

    @Override
    public void onNotice(Notice notice) {
      System.out.println(Instant.now() + " " + notice.message());
    }
  }
}
