package dev.lifeline.cli;

import dev.lifeline.Hook;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.InvalidJobSpecException;
import dev.lifeline.Lifecycle;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline hook add --on TRIGGER [--group G] (--url URL | -- CMD...) | list | remove ID}: the store's hooks,
 * for every job or one group's ({@link Lifecycle#addHook}). A job's own hooks come with {@code submit --on-finish}.
 */
final class HookCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec actionParameter = PositionalParamSpec.builder().index("0").paramLabel("ACTION")
      .type(String.class).required(true).converters(TextConverter.nonBlank())
      .description("add, list or remove.").build();
  private final PositionalParamSpec argsParameter = PositionalParamSpec.builder().index("1..*").paramLabel("ARGS")
      .arity("0..*").type(List.class).auxiliaryTypes(String.class).converters(TextConverter.any())
      .description("For add: the command and its arguments after --, run exactly as given (no shell). For remove: "
          + "the hook's id.").build();
  private final OptionSpec onOption = Specs.text("--on", "TRIGGER", false,
      "For add: FINISH (COMPLETED, or FAILED with no retry left), a state entered (QUEUED, PROCESSING, "
          + "VERIFICATION, COMPLETED, FAILED) or an event (START, EXITED, LOST, TIME_OUT, CANCEL, RETRY, ...).")
      .build();
  private final OptionSpec groupOption = Specs.text("--group", "G", false,
      "For add: only the jobs of this group (default: every job).").build();
  private final OptionSpec urlOption = Specs.text("--url", "URL", false,
      "For add: POST the job's JSON to this http:// or https:// URL instead of running a command.").build();

  HookCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "hook",
        "Notifications for every job or one group's: each change that matches a hook is written to the outbox in "
            + "the same transaction and delivered by the supervisor after commit, at least once (retried with "
            + "backoff, then given up and counted by health). A command gets LIFELINE_JOB_ID, LIFELINE_STATE, "
            + "LIFELINE_EVENT, LIFELINE_REASON, LIFELINE_EXIT_CODE, LIFELINE_DELIVERY_ID ... in its environment; a "
            + "webhook gets the job's JSON with the header X-Lifeline-Delivery.",
        "  lifeline hook add --on FAILED -- notify-send 'a job failed'",
        "  lifeline hook add --on FINISH --group nightly --url http://127.0.0.1:9000/lifeline",
        "  lifeline hook list",
        "  lifeline hook remove 3")
        .addPositional(actionParameter).addPositional(argsParameter).addOption(onOption).addOption(groupOption)
        .addOption(urlOption);
  }

  @Override
  public Integer call() {
    String action = actionParameter.getValue();
    List<String> args = argsParameter.getValue() == null ? List.of() : argsParameter.getValue();
    String on = onOption.getValue();
    String group = groupOption.getValue();
    String url = urlOption.getValue();
    switch (action) {
      case "list" -> {
        if (!args.isEmpty() || on != null || group != null || url != null) {
          throw usage("hook list takes no arguments and no options");
        }
        try (Wiring.Opened opened = root.wiring().read()) {
          list(spec.commandLine().getOut(), root.terminal(), opened.lifecycle().hooks());
        }
      }
      case "remove" -> {
        if (args.size() != 1 || on != null || group != null || url != null) {
          throw usage("hook remove takes one hook id and no options");
        }
        long id;
        try {
          id = Long.parseLong(args.get(0).strip());
        } catch (NumberFormatException e) {
          throw usage("'" + Printable.of(args.get(0)) + "' is not a hook id (a positive number)");
        }
        try (Wiring.Opened opened = root.wiring().write()) {
          if (!opened.lifecycle().removeHook(id)) {
            throw new UserException(ExitCodes.NOT_FOUND, "There is no hook " + id + " (lifeline hook list shows "
                + "them).");
          }
        }
        spec.commandLine().getOut().println("Removed hook " + id + "; what it already called for is still "
            + "delivered.");
      }
      case "add" -> {
        if (on == null) {
          throw usage("hook add needs --on TRIGGER");
        }
        if ((url == null) == args.isEmpty()) {
          throw usage(url == null ? "hook add needs --url URL or a command after --"
              : "hook add takes --url or a command, not both");
        }
        HookTrigger trigger;
        HookTarget target;
        try {
          trigger = HookTrigger.parse(on);
          if (group != null) {
            dev.lifeline.JobSpec.checkGroupName(group);
          }
          target = url != null ? HookTarget.webhook(url) : HookTarget.command(args);
        } catch (IllegalArgumentException | InvalidJobSpecException e) {
          throw usage(e.getMessage());
        }
        try (Wiring.Opened opened = root.wiring().write()) {
          Hook hook = opened.lifecycle().addHook(trigger, group, target, OperatorEvent.ACTOR);
          spec.commandLine().getOut().println(hook.id());
        }
      }
      default -> throw usage("Unknown ACTION '" + Printable.of(action) + "': use add, list or remove");
    }
    return ExitCodes.OK;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static void list(PrintWriter out, Terminal term, List<Hook> hooks) {
    if (hooks.isEmpty()) {
      out.println("No hooks yet: lifeline hook add --on FINISH -- CMD... adds one.");
      return;
    }
    TextTable t = new TextTable("ID", "ON", "GROUP", "TARGET", "BY");
    for (Hook h : hooks) {
      t.row(new String[] {Long.toString(h.id()), h.on().text(), h.group() == null ? "(all)" : h.group(),
          Printable.of(HookTargetText.describe(h.target())), h.actor() == null ? "-" : Printable.of(h.actor())},
          new String[] {null, null, null, null, Terminal.DIM});
    }
    t.print(out, term);
  }
}
