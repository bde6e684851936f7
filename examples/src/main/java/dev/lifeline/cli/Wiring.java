package dev.lifeline.cli;

import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the commands get their store, lifecycle and session runtime. Each method builds only what it returns, so a
 * read command never loads the state machine or the tmux adapter it does not use. The default is
 * {@link SqliteTmuxWiring}; tests pass their own. Implementations need not be thread-safe.
 */
public interface Wiring {

  /** The database file the commands work on. */
  Path database();

  /** The tmux socket name. */
  String socket();

  /** The clock of every decision and of relative times in the output. */
  Clock clock();

  /**
   * Opens an existing store without writing anything to it: no file is created, no schema is migrated.
   *
   * @throws dev.lifeline.StoreException (exit 5) when there is no database, or it is locked, damaged or too new
   */
  JobStore openForRead();

  /** Opens the store for writing, creating and migrating the database when needed. */
  JobStore openForWrite();

  /** A lifecycle over {@code store} that decides transitions (operator events, the supervisor). */
  Lifecycle lifecycle(JobStore store);

  /**
   * A lifecycle over {@code store} for {@code submit}, recording the operator as the submitter. Building it is cheap:
   * SUBMIT is never decided by an engine, and a lifecycle builds its state machine only on its first decision.
   */
  default Lifecycle submitter(JobStore store) {
    return Lifecycle.builder().store(store).clock(clock()).actor(OperatorEvent.ACTOR).build();
  }

  /**
   * The store opened for reading, seen through a {@link Lifecycle} (no file created, nothing migrated, no state
   * machine built). Close it to close the store.
   *
   * @throws dev.lifeline.StoreException (exit 5) as {@link #openForRead()}
   */
  default Opened read() {
    JobStore store = openForRead();
    return new Opened(this, lifecycle(store), store);
  }

  /** The store opened for writing, seen through {@link #lifecycle(JobStore)}. Close it to close the store. */
  default Opened write() {
    JobStore store = openForWrite();
    return new Opened(this, lifecycle(store), store);
  }

  /**
   * The store opened for writing, through a lifecycle with {@code options} (on this wiring's clock). {@code run} and
   * {@code demo} register their one listener here: the lifecycle is the one place to listen, for transitions and the
   * supervisor's notices alike.
   */
  default Opened write(Consumer<Lifecycle.Builder> options) {
    JobStore store = openForWrite();
    Lifecycle.Builder b = Lifecycle.builder().store(store).clock(clock());
    options.accept(b);
    return new Opened(this, b.build(), store);
  }

  /** The store opened for writing, through {@link #submitter(JobStore)}. Close it to close the store. */
  default Opened submitting() {
    JobStore store = openForWrite();
    return new Opened(this, submitter(store), store);
  }

  /** The session runtime on {@link #socket()}, its run files next to the database. Not yet checked. */
  SessionRuntime runtime();

  /**
   * Checks that the session runtime can work here.
   *
   * @return a one-line description (the tmux version)
   * @throws dev.lifeline.RuntimeUnavailableException (exit 7) when it cannot
   */
  String checkRuntime();

  /** Where the captured output of {@code attempt} of job {@code id} is written. */
  Path logFile(JobId id, int attempt);

  /** The checks {@code doctor} reports, in order: the runtime, its socket, the database, its schema and integrity. */
  List<Check> doctor();

  /**
   * One line of {@code doctor}.
   *
   * @param name what was checked
   * @param ok whether it is fine
   * @param detail what was found, one line
   * @param exitCode the exit code this failure stands for (ignored when ok)
   */
  record Check(String name, boolean ok, String detail, int exitCode) {
    static Check ok(String name, String detail) {
      return new Check(name, true, detail, ExitCodes.OK);
    }

    static Check failed(String name, String detail, int exitCode) {
      return new Check(name, false, detail, exitCode);
    }
  }

  /**
   * What a command opened: a lifecycle over a store, and the session runtime once {@link #supervisor()} asked for
   * one. The commands see only the API types; closing this closes the runtime, then the store. Not thread-safe.
   */
  final class Opened implements AutoCloseable {
    private final Wiring wiring;
    private final Lifecycle lifecycle;
    private final JobStore store;
    private SessionRuntime runtime;

    Opened(Wiring wiring, Lifecycle lifecycle, JobStore store) {
      this.wiring = wiring;
      this.lifecycle = lifecycle;
      this.store = store;
    }

    /** The lifecycle over the opened store. */
    Lifecycle lifecycle() {
      return lifecycle;
    }

    /** A supervisor builder over {@link #lifecycle()} and the wiring's session runtime (opened now, closed with this). */
    Supervisor.Builder supervisor() {
      if (runtime == null) {
        runtime = wiring.runtime();
      }
      return Supervisor.builder().lifecycle(lifecycle).runtime(runtime).webhookBody(JobJson::webhookBody);
    }

    @Override
    public void close() {
      try {
        if (runtime != null) {
          runtime.close();
        }
      } finally {
        store.close();
      }
    }
  }
}
