package dev.lifeline.cli;

import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import dev.lifeline.RuntimeUnavailableException;
import dev.lifeline.StoreException;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.spi.JobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The real wiring: {@link SqliteJobStore} on {@code --db} and {@link TmuxSessionRuntime} on {@code --socket}, its run
 * files in {@code <db>.runs/} next to the database. The database path is resolved to the real file first
 * ({@link #realPath}), so every key derived from it is the same whichever path named it. Each method loads only the adapter it returns. Not thread-safe.
 */
final class SqliteTmuxWiring implements Wiring {

  private final Path database;
  private final String socket;
  private final String tmuxBinary;
  private final String callerLcAll;
  private final boolean mayCreate;

  /** The commands that create the database when it is missing; every other one says there is none (exit 5). */
  static final java.util.Set<String> CREATING = java.util.Set.of("submit", "run", "demo");

  SqliteTmuxWiring(LifelineCommand root) {
    this(root.database(), root.socket(), tmuxBinary(root.env()), callerLocale(root.env()),
        root.runningCommand() == null || CREATING.contains(root.runningCommand()));
  }

  SqliteTmuxWiring(Path database, String socket, String tmuxBinary) {
    this(database, socket, tmuxBinary, null, true);
  }

  SqliteTmuxWiring(Path database, String socket, String tmuxBinary, String callerLcAll, boolean mayCreate) {
    this.database = realPath(database);
    this.socket = socket;
    this.tmuxBinary = tmuxBinary;
    this.callerLcAll = callerLcAll;
    this.mayCreate = mayCreate;
  }

  /**
   * The {@code LC_ALL} the caller had before the launcher ran this JVM under {@code LC_ALL=C.UTF-8} (see
   * {@code ./lifeline}, "locale"): its value, {@code ""} when it was unset (an empty {@code LC_ALL} is ignored by
   * {@code setlocale}, so the job's locale is the caller's), or {@code null} when the launcher changed nothing.
   */
  static String callerLocale(java.util.Map<String, String> env) {
    String saved = env.get("LIFELINE_CALLER_LC_ALL");
    if (saved == null) {
      return null;
    }
    return saved.startsWith("set:") ? saved.substring(4) : "";
  }

  /**
   * The file {@code database} really is, so two paths to one file (a symlink, {@code ..}, a bind of the same
   * directory) key everything the same way: the store, the run directory and with it the run id, the socket record
   * and the lease holder. A file that does not exist yet resolves through its directory; a directory that does not
   * exist either stays as given, made absolute (opening it will say so).
   */
  static Path realPath(Path database) {
    Path absolute = database.toAbsolutePath().normalize();
    for (int links = 0; links < 40; links++) {
      try {
        return absolute.toRealPath();
      } catch (java.io.IOException | SecurityException notThere) {
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
          return absolute;
        }
        if (Files.isSymbolicLink(absolute)) {
          // A link to a file not created yet: the file it will create is the one to key on.
          try {
            absolute = parent.resolve(Files.readSymbolicLink(absolute)).normalize();
            continue;
          } catch (java.io.IOException | SecurityException unreadable) {
            return absolute;
          }
        }
        try {
          return parent.toRealPath().resolve(absolute.getFileName());
        } catch (java.io.IOException | SecurityException parentNotThere) {
          return absolute;
        }
      }
    }
    return absolute;
  }

  /** {@code LIFELINE_TMUX}, else {@code tmux} on the PATH. */
  static String tmuxBinary(java.util.Map<String, String> env) {
    String tmux = env.get("LIFELINE_TMUX");
    return tmux == null || tmux.isBlank() ? "tmux" : tmux;
  }

  String tmuxBinary() {
    return tmuxBinary;
  }

  @Override
  public Path database() {
    return database;
  }

  @Override
  public String socket() {
    return socket;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** {@code <db file name>.runs} next to the database. */
  Path runDirectory() {
    return database.resolveSibling(database.getFileName() + ".runs");
  }

  @Override
  public JobStore openForRead() {
    requireDatabase();
    return SqliteJobStore.builder(database).migrate(false).build();
  }

  /** Creates the database only for {@link #CREATING} commands: {@code cancel 1} on a mistyped --db creates nothing. */
  @Override
  public JobStore openForWrite() {
    if (!mayCreate) {
      requireDatabase();
    }
    return SqliteJobStore.create(database);
  }

  private void requireDatabase() {
    if (!Files.exists(database)) {
      throw new UserException(ExitCodes.STORE, Printable.of("There is no Lifeline database at " + database
          + " (check --db or LIFELINE_DB; lifeline submit creates one)."));
    }
  }

  @Override
  public Lifecycle lifecycle(JobStore store) {
    return Lifecycle.builder().store(store).build();
  }

  @Override
  public TmuxSessionRuntime runtime() {
    TmuxSessionRuntime.Builder b = TmuxSessionRuntime.builder().socket(socket).runDirectory(runDirectory())
        .tmux(tmuxBinary);
    if (callerLcAll != null) {
      // The jobs get the caller's locale back; the JVM needed UTF-8 only to read its arguments and file names.
      b.environment("LC_ALL", callerLcAll);
    }
    return b.build();
  }

  @Override
  public String checkRuntime() {
    try (TmuxSessionRuntime tmux = runtime()) {
      return tmux.checkAvailable();
    }
  }

  @Override
  public Path logFile(JobId id, int attempt) {
    try (TmuxSessionRuntime tmux = runtime()) {
      return tmux.logFile(id, attempt);
    }
  }

  @Override
  public List<Check> doctor() {
    List<Check> checks = new ArrayList<>();
    checks.add(Check.ok("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"));
    try (TmuxSessionRuntime tmux = runtime()) {
      try {
        checks.add(Check.ok("tmux", tmux.checkAvailable() + " (" + tmuxBinary + ")"));
      } catch (RuntimeUnavailableException e) {
        checks.add(Check.failed("tmux", e.getMessage(), ExitCodes.TMUX));
      }
      Path socketPath = tmux.socketPath();
      checks.add(Check.ok("socket", socketPath + (Files.exists(socketPath) ? " (server running)"
          : " (no server yet; run starts one)")));
    }
    Path runs = runDirectory();
    checks.add(Check.ok("run files", runs + (Files.isDirectory(runs) ? "" : " (not created yet)")));
    if (!Files.exists(database)) {
      checks.add(Check.ok("database", database + " (not created yet; lifeline submit creates it)"));
      return checks;
    }
    try (SqliteJobStore store = SqliteJobStore.builder(database).migrate(false).build()) {
      checks.add(Check.ok("database", database + (Files.isWritable(database) ? "" : " (read-only)")));
      int version = store.schemaVersion();
      int latest = SqliteJobStore.latestSchemaVersion();
      checks.add(Check.ok("schema", "version " + version + (version == latest ? " (current)"
          : " (this lifeline writes version " + latest + ")")));
      String check = store.quickCheck();
      checks.add("ok".equals(check) ? Check.ok("integrity", "quick_check ok")
          : Check.failed("integrity", check, ExitCodes.STORE));
    } catch (StoreException e) {
      checks.add(Check.failed("database", e.getMessage(), ExitCodes.STORE));
    }
    return checks;
  }
}
