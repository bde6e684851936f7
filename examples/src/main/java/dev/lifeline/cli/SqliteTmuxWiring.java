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
 * ({@link #realPath}), so every key derived from it is the same whichever path named it. Every job gets exactly the
 * caller's locale variables ({@link #callerLocale}) and none of the launcher's {@code LIFELINE_CALLER_*}. Each method
 * loads only the adapter it returns. Not thread-safe.
 */
final class SqliteTmuxWiring implements Wiring {

  private final Path database;
  private final String socket;
  private final String tmuxBinary;
  private final java.util.Map<String, String> callerLocale;
  private final boolean mayCreate;

  /** The variables that make up a locale (POSIX and glibc); every other {@code LC_*} the caller has counts too. */
  static final List<String> LOCALE_VARIABLES = List.of("LC_ALL", "LANG", "LANGUAGE", "LC_CTYPE", "LC_NUMERIC",
      "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE",
      "LC_MEASUREMENT", "LC_IDENTIFICATION");

  private static final java.util.regex.Pattern VARIABLE_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What the launcher passes to this JVM about the caller; never passed on to jobs. */
  static final String CALLER_PREFIX = "LIFELINE_CALLER_";

  /** The commands that create the database when it is missing; every other one says there is none (exit 5). */
  static final java.util.Set<String> CREATING = java.util.Set.of("submit", "run", "demo", "group", "hook", "drain",
      "import");

  SqliteTmuxWiring(LifelineCommand root) {
    this(root.database(), root.socket(), tmuxBinary(root.env()), callerLocale(root.env()),
        root.runningCommand() == null || CREATING.contains(root.runningCommand()));
  }

  SqliteTmuxWiring(Path database, String socket, String tmuxBinary) {
    this(database, socket, tmuxBinary, null, true);
  }

  /**
   * @param callerLocale the caller's locale variables ({@link #callerLocale}) that every job gets exactly, or
   *     {@code null} to leave the jobs the tmux server's
   */
  SqliteTmuxWiring(Path database, String socket, String tmuxBinary, java.util.Map<String, String> callerLocale,
      boolean mayCreate) {
    this.database = realPath(database);
    this.socket = socket;
    this.tmuxBinary = tmuxBinary;
    this.callerLocale = callerLocale == null ? null : java.util.Map.copyOf(callerLocale);
    this.mayCreate = mayCreate;
  }

  /**
   * The caller's locale variables ({@link #LOCALE_VARIABLES} and any other {@code LC_*}) as the caller had them:
   * {@code env}'s, except {@code LC_ALL}, which is the one the caller had before the launcher ran this JVM under
   * {@code LC_ALL=C.UTF-8} (see {@code ./lifeline}, "locale"; {@code LIFELINE_CALLER_LC_ALL} is {@code unset} or
   * {@code set:} and the value). A variable the caller did not have is not in the map.
   */
  static java.util.Map<String, String> callerLocale(java.util.Map<String, String> env) {
    java.util.Map<String, String> locale = new java.util.TreeMap<>();
    env.forEach((name, value) -> {
      if (LOCALE_VARIABLES.contains(name) || (name.startsWith("LC_") && VARIABLE_NAME.matcher(name).matches())) {
        locale.put(name, value);
      }
    });
    String saved = env.get(CALLER_PREFIX + "LC_ALL");
    if (saved != null) {
      locale.remove("LC_ALL");
      if (saved.startsWith("set:")) {
        locale.put("LC_ALL", saved.substring(4));
      }
    }
    return locale;
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
    // What the launcher told this JVM about the caller is for this JVM only.
    b.unsetEnvironment(CALLER_PREFIX + "LC_ALL");
    System.getenv().keySet().stream().filter(name -> name.startsWith(CALLER_PREFIX)
        && VARIABLE_NAME.matcher(name).matches()).forEach(b::unsetEnvironment);
    if (callerLocale != null) {
      // Every job gets exactly the caller's locale (the JVM needed UTF-8 only to read its arguments and file names),
      // also on a tmux server that another caller started with another one: each variable set, or removed.
      for (String name : LOCALE_VARIABLES) {
        if (!callerLocale.containsKey(name)) {
          b.unsetEnvironment(name);
        }
      }
      callerLocale.forEach(b::environment);
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
