package dev.lifeline.cli;

import dev.lifeline.GroupSettings;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline group list | set G --max-concurrent N|none | pause G | resume G}: a group's own concurrency limit
 * and pause, persisted and recorded with the actor and time ({@link Lifecycle#setGroup}).
 */
final class GroupCommand implements Callable<Integer> {

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec actionParameter = PositionalParamSpec.builder().index("0").paramLabel("ACTION")
      .type(String.class).required(true).converters(TextConverter.nonBlank())
      .description("list, set, pause or resume.").build();
  private final PositionalParamSpec nameParameter = PositionalParamSpec.builder().index("1").paramLabel("GROUP")
      .arity("0..1").type(String.class).converters(TextConverter.nonBlank())
      .description("The group (for set, pause and resume).").build();
  private final OptionSpec maxOption = Specs.text("--max-concurrent", "N|none", false,
      "For set: how many of the group's jobs may run at once (1 to " + Specs.MAX_CONCURRENT + "), or none for no "
          + "limit of its own; the supervisor's --max-concurrent stays the cap over every group.").build();

  GroupCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "group",
        "Groups: list them with their limits and jobs, set a group's own concurrency limit, pause a group (its "
            + "QUEUED jobs do not start) or resume it. Each change is recorded with who made it and when.",
        "  lifeline group list",
        "  lifeline group set gpu --max-concurrent 2",
        "  lifeline group pause nightly && lifeline group resume nightly")
        .addPositional(actionParameter).addPositional(nameParameter).addOption(maxOption);
  }

  @Override
  public Integer call() {
    String action = actionParameter.getValue();
    String name = nameParameter.getValue();
    String max = maxOption.getValue();
    if (action.equals("list")) {
      if (name != null || max != null) {
        throw new ParameterException(spec.commandLine(), "group list takes no GROUP and no --max-concurrent");
      }
      try (Wiring.Opened opened = root.wiring().read()) {
        list(spec.commandLine().getOut(), root.terminal(), opened.lifecycle());
      }
      return ExitCodes.OK;
    }
    if (!List.of("set", "pause", "resume").contains(action)) {
      throw new ParameterException(spec.commandLine(), "Unknown ACTION '" + Printable.of(action)
          + "': use list, set, pause or resume");
    }
    if (name == null) {
      throw new ParameterException(spec.commandLine(), "group " + action + " needs the GROUP");
    }
    try {
      dev.lifeline.JobSpec.checkGroupName(name);
    } catch (dev.lifeline.InvalidJobSpecException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (action.equals("set") == (max == null)) {
      throw new ParameterException(spec.commandLine(), action.equals("set")
          ? "group set needs --max-concurrent N or none" : "--max-concurrent belongs to group set");
    }
    try (Wiring.Opened opened = root.wiring().write()) {
      Lifecycle lc = opened.lifecycle();
      GroupSettings now = lc.group(name);
      GroupSettings next = switch (action) {
        case "set" -> now.withMaxConcurrent(limit(max));
        case "pause" -> now.withPaused(true);
        default -> now.withPaused(false);
      };
      boolean changed = lc.setGroup(next, OperatorEvent.ACTOR);
      spec.commandLine().getOut().println("Group " + name + ": " + describe(next) + (changed ? "" : " (unchanged)"));
    }
    return ExitCodes.OK;
  }

  private Integer limit(String text) {
    if (text.equalsIgnoreCase("none")) {
      return null;
    }
    try {
      return new IntConverter(1, Specs.MAX_CONCURRENT).convert(text);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--max-concurrent': "
          + e.getMessage() + " (or none)");
    }
  }

  static String describe(GroupSettings g) {
    return (g.maxConcurrent() == null ? "no limit of its own" : "at most " + g.maxConcurrent() + " at once")
        + (g.paused() ? ", paused" : "");
  }

  /** The configured groups and every group an active job names, with its QUEUED and PROCESSING counts. */
  private static void list(PrintWriter out, Terminal term, Lifecycle lc) {
    Map<String, int[]> counts = new TreeMap<>();
    for (GroupSettings g : lc.groups()) {
      counts.put(g.name(), new int[2]);
    }
    for (Job j : lc.list(EnumSet.of(JobState.QUEUED, JobState.PROCESSING), Integer.MAX_VALUE)) {
      int[] c = counts.computeIfAbsent(j.spec().group(), k -> new int[2]);
      c[j.state() == JobState.QUEUED ? 0 : 1]++;
    }
    if (counts.isEmpty()) {
      out.println("No groups yet: lifeline submit --group G puts a job in one.");
      return;
    }
    TextTable t = new TextTable("GROUP", "LIMIT", "PAUSED", "QUEUED", "RUNNING");
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      GroupSettings g = lc.group(e.getKey());
      t.row(new String[] {e.getKey(), g.maxConcurrent() == null ? "-" : g.maxConcurrent().toString(),
          g.paused() ? "yes" : "no", Integer.toString(e.getValue()[0]), Integer.toString(e.getValue()[1])},
          new String[] {null, null, g.paused() ? Terminal.DIM : null, null, null});
    }
    t.print(out, term);
  }
}
