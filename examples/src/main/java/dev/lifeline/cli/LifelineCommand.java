package dev.lifeline.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline}: the example command line over a SQLite queue and tmux sessions (DESIGN.md §6). Holds the global
 * options and builds the {@link Wiring} the subcommands use. Not thread-safe; one instance per invocation.
 */
@Command(
    name = "lifeline",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Long-running jobs with an explicit, persisted lifecycle: "
            + "QUEUED -> PROCESSING -> VERIFICATION -> COMPLETED | FAILED.",
        "Jobs run in tmux sessions; the queue is a SQLite file."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  lifeline demo                      a 30-second tour on a temporary database",
        "  lifeline submit --name build -- make all",
        "  lifeline run --until-idle          supervise until nothing is left",
        "  lifeline list --state FAILED",
        "",
        "Exit codes: 0 ok, 1 error, 2 usage, 3 illegal transition or guard refusal,",
        "4 job not found, 5 store busy/locked/corrupt/too new/missing, 6 unhealthy,",
        "7 tmux unavailable."})
public final class LifelineCommand implements Runnable {

  static final String DEFAULT_DB = "./lifeline.db";
  static final String DEFAULT_SOCKET = "lifeline";

  @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "FILE", order = 1,
      description = "The SQLite database (env LIFELINE_DB; default: lifeline.db in the current directory). Run "
          + "files live next to it, in FILE.runs/.")
  private Path db;

  @Option(names = "--socket", scope = ScopeType.INHERIT, paramLabel = "NAME", order = 2,
      description = "The tmux socket name, as in tmux -L (env LIFELINE_SOCKET; default lifeline).")
  private String socket;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, order = 3,
      description = "No colours (also when NO_COLOR is set or stdout is not a terminal).")
  private boolean noColor;

  @Option(names = "--debug", scope = ScopeType.INHERIT, order = 4, description = "Print stack traces with errors.")
  private boolean debug;

  private final Map<String, String> env;
  private final Function<LifelineCommand, Wiring> wiringFactory;
  private Wiring wiring;
  private Terminal terminal;
  private Boolean interactive;

  /** The command as {@code main} runs it: the process environment and the SQLite + tmux wiring. */
  public LifelineCommand() {
    this(System.getenv(), SqliteTmuxWiring::new);
  }

  /**
   * A command with its own environment and wiring, for tests and embedding.
   *
   * @param env the environment variables to read ({@code LIFELINE_DB}, {@code LIFELINE_SOCKET}, {@code NO_COLOR})
   * @param wiringFactory builds the wiring from the parsed global options, once, when a command first needs it
   */
  public LifelineCommand(Map<String, String> env, Function<LifelineCommand, Wiring> wiringFactory) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.wiringFactory = Objects.requireNonNull(wiringFactory, "wiringFactory");
  }

  /** Every subcommand, in the order of {@code --help}. */
  private static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("submit", SubmitCommand.class);
    m.put("list", ListCommand.class);
    m.put("show", ShowCommand.class);
    m.put("logs", LogsCommand.class);
    m.put("run", RunCommand.class);
    m.put("cancel", CancelCommand.class);
    m.put("retry", RetryCommand.class);
    m.put("approve", ApproveCommand.class);
    m.put("reject", RejectCommand.class);
    m.put("health", HealthCommand.class);
    m.put("reconcile", ReconcileCommand.class);
    m.put("diagram", DiagramCommand.class);
    m.put("doctor", DoctorCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("completion", CompletionCommand.class);
    m.put("warmup", WarmupCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A {@link CommandLine} with every subcommand, Lifeline's exit codes and error handling. */
  public static CommandLine commandLine(LifelineCommand command) {
    return commandLine(command, new String[0]);
  }

  /**
   * A {@link CommandLine} for running {@code args}: when they name a subcommand, only that one is registered, since
   * picocli reflects over every registered class at start-up (about 60 ms more for all of them on a small machine);
   * {@code --version} gets none, and {@code --help}, {@code help}, {@code completion} and anything unknown get all.
   */
  public static CommandLine commandLine(LifelineCommand command, String[] args) {
    CommandLine cl = new CommandLine(command);
    String name = commandName(args);
    boolean one = name != null && COMMANDS.containsKey(name) && !name.equals("help") && !name.equals("completion");
    boolean none = name == null && java.util.Arrays.asList(args).contains("--version")
        && !java.util.Arrays.asList(args).contains("--help");
    for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
      if (!none && (!one || c.getKey().equals(name))) {
        cl.addSubcommand(c.getKey(), c.getValue());
      }
    }
    ExitCodes codes = new ExitCodes();
    cl.setExitCodeExceptionMapper(codes)
        .setExecutionExceptionHandler(codes)
        .setParameterExceptionHandler(codes)
        .setCaseInsensitiveEnumValuesAllowed(true);
    CommandLine submit = cl.getSubcommands().get("submit");
    if (submit != null) {
      // `lifeline submit make -k all` passes -k to make: everything after the first positional is argv.
      submit.setStopAtPositional(true);
    }
    return cl;
  }

  /** The first argument that is neither a global option nor its value: the subcommand's name, or null. */
  static String commandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--db") || a.equals("--socket")) {
        i++;
      } else if (a.equals("--")) {
        return null;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new LifelineCommand(), args).execute(args));
  }

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "A command is required");
  }

  /** The database file: {@code --db}, else {@code LIFELINE_DB}, else {@code ./lifeline.db}. */
  public Path database() {
    if (db != null) {
      return db;
    }
    String fromEnv = env.get("LIFELINE_DB");
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DB);
  }

  /** The tmux socket name: {@code --socket}, else {@code LIFELINE_SOCKET}, else {@code lifeline}. */
  public String socket() {
    if (socket != null) {
      return socket;
    }
    String fromEnv = env.get("LIFELINE_SOCKET");
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_SOCKET;
  }

  public boolean debug() {
    return debug;
  }

  Map<String, String> env() {
    return env;
  }

  Function<LifelineCommand, Wiring> wiringFactory() {
    return wiringFactory;
  }

  Wiring wiring() {
    if (wiring == null) {
      wiring = wiringFactory.apply(this);
    }
    return wiring;
  }

  Terminal terminal() {
    if (terminal == null) {
      terminal = interactive != null ? Terminal.decide(interactive, noColor, env) : Terminal.detect(noColor, env);
    }
    return terminal;
  }

  /** For tests: whether stdout counts as a terminal, instead of detecting it. */
  void interactive(boolean value) {
    this.interactive = value;
  }
}
