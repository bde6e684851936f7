package dev.lifeline.cli;

import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.SessionRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

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
   * A lifecycle over {@code store} for {@code submit} alone. SUBMIT has no from-state and is never decided by an
   * engine ({@code Lifecycle.submit} inserts the row and its first history entry), so this one skips building the
   * state machine, which costs a few hundred milliseconds of start-up that {@code submit} would not use.
   */
  default Lifecycle submitter(JobStore store) {
    return Lifecycle.builder().store(store).clock(clock()).actor(OperatorEvent.ACTOR)
        .engine(Lifecycle.Builder.EngineKind.TABLE).build();
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
}
