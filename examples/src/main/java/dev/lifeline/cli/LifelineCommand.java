package dev.lifeline.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code lifeline}: the example command line over a SQLite queue and tmux sessions (README, "The `lifeline` command
 * line"). Holds the global options and builds the {@link Wiring} the subcommands use. Every command's picocli model
 * is built in code (see {@link Specs}). Not thread-safe; one instance per invocation.
 */
public final class LifelineCommand implements Runnable {

  static final String DEFAULT_DB = "./lifeline.db";
  static final String DEFAULT_SOCKET = "lifeline";

  /** Every subcommand, in the order of {@code --help}. */
  static final List<String> COMMANDS = List.of("submit", "list", "show", "logs", "run", "cancel", "retry", "approve",
      "reject", "hold", "release", "wait", "group", "hook", "drain", "undrain", "health", "reconcile", "serve",
      "import", "diagram", "doctor", "demo", "completion", "warmup", "help");

  private final Map<String, String> env;
  private final Function<LifelineCommand, Wiring> wiringFactory;
  private CommandSpec spec;
  private OptionSpec db;
  private OptionSpec socket;
  private OptionSpec noColor;
  private OptionSpec debug;
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

  /** A {@link CommandLine} with every subcommand, Lifeline's exit codes and error handling. */
  public static CommandLine commandLine(LifelineCommand command) {
    return commandLine(command, new String[0]);
  }

  /**
   * A {@link CommandLine} for running {@code args}: when they name a subcommand, only that one is built and
   * registered; {@code --version} gets none, and {@code --help}, {@code help}, {@code completion} and anything unknown
   * get all. Each call builds a fresh model, bound to {@code command}.
   */
  public static CommandLine commandLine(LifelineCommand command, String[] args) {
    CommandLine cl = new CommandLine(command.model());
    String name = commandName(args);
    boolean one = name != null && COMMANDS.contains(name) && !name.equals("help") && !name.equals("completion");
    boolean none = name == null && Arrays.asList(args).contains("--version") && !Arrays.asList(args).contains("--help");
    for (String c : COMMANDS) {
      if (!none && (!one || c.equals(name))) {
        if (c.equals("help")) {
          // picocli's own, annotated: reflected over only when every command is registered (help, --help, typos).
          cl.addSubcommand(c, CommandLine.HelpCommand.class);
        } else {
          cl.addSubcommand(c, Specs.addStandardHelp(subcommand(c, command)));
        }
      }
    }
    ExitCodes codes = new ExitCodes();
    cl.setExitCodeExceptionMapper(codes)
        .setExecutionExceptionHandler(codes)
        .setParameterExceptionHandler(codes)
        .setCaseInsensitiveEnumValuesAllowed(true)
        // An argument starting with @ is carried as given, never read as a file of more arguments (issue 11).
        .setExpandAtFiles(false)
        // An option's value is taken as given even when it looks like an option: --name=--help names a job "--help".
        .setAllowOptionsAsOptionParameters(true);
    CommandLine submit = cl.getSubcommands().get("submit");
    if (submit != null) {
      // `lifeline submit make -k all` passes -k to make: everything after the first positional is argv.
      submit.setStopAtPositional(true);
    }
    return cl;
  }

  /** The model of subcommand {@code name}, its command object bound to {@code root}. */
  private static CommandSpec subcommand(String name, LifelineCommand root) {
    return switch (name) {
      case "submit" -> new SubmitCommand(root).spec;
      case "list" -> new ListCommand(root).spec;
      case "show" -> new ShowCommand(root).spec;
      case "logs" -> new LogsCommand(root).spec;
      case "run" -> new RunCommand(root).spec;
      case "cancel" -> new CancelCommand(root).spec;
      case "retry" -> new RetryCommand(root).spec;
      case "approve" -> new ApproveCommand(root).spec;
      case "reject" -> new RejectCommand(root).spec;
      case "hold" -> new HoldCommand(root).spec;
      case "hook" -> new HookCommand(root).spec;
      case "release" -> new ReleaseCommand(root).spec;
      case "wait" -> new WaitCommand(root).spec;
      case "group" -> new GroupCommand(root).spec;
      case "drain" -> new DrainCommand(root, true).spec;
      case "undrain" -> new DrainCommand(root, false).spec;
      case "health" -> new HealthCommand(root).spec;
      case "reconcile" -> new ReconcileCommand(root).spec;
      case "serve" -> new ServeCommand(root).spec;
      case "import" -> new ImportCommand(root).spec;
      case "diagram" -> new DiagramCommand().spec;
      case "doctor" -> new DoctorCommand(root).spec;
      case "demo" -> new DemoCommand(root).spec;
      case "completion" -> new CompletionCommand().spec;
      case "warmup" -> new WarmupCommand(root).spec;
      default -> throw new IllegalArgumentException("No command " + name);
    };
  }

  /**
   * The root's model: its description and examples, {@code -h} and {@code -V}, and the global options, which every
   * subcommand inherits (picocli copies them into each as it is registered, sharing their values with these).
   */
  private CommandSpec model() {
    spec = CommandSpec.wrapWithoutInspection(this).name("lifeline");
    // INHERIT: picocli's help command takes the root's layout and examples, as the subcommands' models set their own.
    spec.scopeType(ScopeType.INHERIT);
    spec.usageMessage()
        .description(
            "Long-running jobs with an explicit, persisted lifecycle: "
                + "QUEUED -> PROCESSING -> VERIFICATION -> COMPLETED | FAILED.",
            "Jobs run in tmux sessions; the queue is a SQLite file.")
        .footerHeading("%nExamples:%n")
        .footer(
            "  lifeline demo                      a 30-second tour on a temporary database",
            "  lifeline submit --name build -- make all",
            "  lifeline run --until-idle          supervise until nothing is left",
            "  lifeline list --state FAILED",
            "",
            "Exit codes: 0 ok, 1 error, 2 usage, 3 illegal transition or guard refusal,",
            "4 job not found, 5 store busy/locked/corrupt/too new/missing, 6 unhealthy,",
            "7 tmux unavailable; wait: 1 when a job FAILED, 124 on its timeout.")
        .sortOptions(false)
        .autoWidth(true);
    db = global(1, Specs.option("--db", "FILE", Path.class, "The SQLite database (env LIFELINE_DB; default: "
        + "lifeline.db in the current directory). Run files live next to it, in FILE.runs/.")
        .converters(PathConverter.regularFile()).build());
    socket = global(2, Specs.option("--socket", "NAME", String.class,
        "The tmux socket name, as in tmux -L: 1 to 64 letters, digits, _ and - (env LIFELINE_SOCKET; default "
            + "lifeline).").converters(new SocketNameConverter()).build());
    noColor = global(3, Specs.flag("--no-color",
        "No colours (also when NO_COLOR is set or stdout is not a terminal)."));
    debug = global(4, Specs.flag("--debug", "Print stack traces with errors."));
    // Added after the global options (as picocli adds its mixin's), shown before them: --help lists by order.
    Specs.addStandardHelp(spec);
    return spec;
  }

  /** Adds {@code option} to the root, inherited by every subcommand, {@code order}-th in {@code --help}. */
  private OptionSpec global(int order, OptionSpec option) {
    OptionSpec inherited = OptionSpec.builder(option).scopeType(ScopeType.INHERIT).order(order).build();
    spec.addOption(inherited);
    return inherited;
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
    String[] exact;
    try {
      exact = Utf8Arguments.exact(args);
    } catch (Utf8Arguments.NotUtf8Exception e) {
      System.err.println(e.getMessage());
      System.exit(ExitCodes.USAGE);
      return;
    }
    System.exit(commandLine(new LifelineCommand(), exact).execute(exact));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "A command is required");
  }

  /** The database file: {@code --db}, else {@code LIFELINE_DB}, else {@code ./lifeline.db}. */
  public Path database() {
    Path given = db == null ? null : db.getValue();
    if (given != null) {
      return given;
    }
    String fromEnv = env.get("LIFELINE_DB");
    if (fromEnv == null || fromEnv.isBlank()) {
      return Path.of(DEFAULT_DB);
    }
    try {
      return PathConverter.regularFile().convert(fromEnv);
    } catch (CommandLine.TypeConversionException e) {
      throw new UserException(ExitCodes.USAGE, "LIFELINE_DB: " + e.getMessage() + ".");
    }
  }

  /** The tmux socket name: {@code --socket}, else {@code LIFELINE_SOCKET}, else {@code lifeline}. */
  public String socket() {
    String given = socket == null ? null : socket.getValue();
    if (given != null) {
      return given;
    }
    String fromEnv = env.get("LIFELINE_SOCKET");
    if (fromEnv == null || fromEnv.isBlank()) {
      return DEFAULT_SOCKET;
    }
    String problem = SocketNameConverter.problem(fromEnv);
    if (problem != null) {
      throw new UserException(ExitCodes.USAGE, "LIFELINE_SOCKET: " + problem + ".");
    }
    return fromEnv;
  }

  /** The subcommand being run (its name as parsed), or {@code null} before parsing or when there is none. */
  String runningCommand() {
    if (spec == null || spec.commandLine() == null || spec.commandLine().getParseResult() == null
        || !spec.commandLine().getParseResult().hasSubcommand()) {
      return null;
    }
    return spec.commandLine().getParseResult().subcommand().commandSpec().name();
  }

  public boolean debug() {
    return debug != null && (boolean) debug.getValue();
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
      boolean noColorFlag = noColor != null && (boolean) noColor.getValue();
      terminal = interactive != null ? Terminal.decide(interactive, noColorFlag, env)
          : Terminal.detect(noColorFlag, env);
    }
    return terminal;
  }

  /** For tests: whether stdout counts as a terminal, instead of detecting it. */
  void interactive(boolean value) {
    this.interactive = value;
  }
}
