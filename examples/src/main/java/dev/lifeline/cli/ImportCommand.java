package dev.lifeline.cli;

import dev.lifeline.ImportedJob;
import dev.lifeline.Lifecycle;
import dev.lifeline.TransitionException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code lifeline import FILE [--dry-run] [--active queued|failed] [-- CMD...]}: brings the {@code project_queue} rows
 * of a {@code task_queue.db} (the system Lifeline replaces) into the store, each with a legal history recorded by
 * {@code import} ({@link Lifecycle#importJob}). The source is opened read-only; a row imported before is not imported
 * again; a row that cannot be imported is reported and the others still are.
 */
final class ImportCommand implements Callable<Integer> {

  /** The actor of every imported change. */
  static final String ACTOR = "import";

  private final LifelineCommand root;
  final CommandSpec spec;
  private final PositionalParamSpec fileParameter = PositionalParamSpec.builder().index("0").paramLabel("FILE")
      .type(Path.class).required(true).description("The task_queue.db to read (never written).").build();
  private final PositionalParamSpec commandParameter = PositionalParamSpec.builder().index("1..*").paramLabel("CMD")
      .arity("0..*").type(List.class).auxiliaryTypes(String.class).converters(TextConverter.any())
      .description("After --: what an imported job runs, with the row's spec_path added as its last argument. "
          + "Needed when queued or processing rows come in to run.").build();
  private final OptionSpec dryRunOption = Specs.flag("--dry-run",
      "Print what would be imported; open no Lifeline database and write nothing.");
  private final OptionSpec activeOption = Specs.text("--active", "queued|failed", false,
      "Rows still queued or processing in the source: queued (default; Lifeline runs them, credit_paused ones "
          + "held) or failed (FAILED with reason SESSION_LOST). Never PROCESSING: their sessions are not Lifeline's.")
      .defaultValue("queued").build();

  ImportCommand(LifelineCommand root) {
    this.root = root;
    this.spec = Specs.command(this, "import", new String[] {
        "Bring the project_queue rows of a task_queue.db into this store. Each job keeps its times and message and "
            + "gets a legal history recorded by import; completed rows come in COMPLETED, failed and "
            + "permanently_failed ones FAILED (SESSION_LOST, the message as the detail). Importing the same file "
            + "again adds nothing (each row's key is task_queue:ID).",
        "Times without an offset are read in this machine's time zone, as the old system wrote them."},
        "  lifeline import task_queue.db --dry-run",
        "  lifeline import task_queue.db --active failed",
        "  lifeline import task_queue.db -- ./run-agent.sh")
        .addPositional(fileParameter).addPositional(commandParameter).addOption(dryRunOption)
        .addOption(activeOption);
  }

  @Override
  public Integer call() {
    Path file = fileParameter.getValue();
    List<String> command = commandParameter.getValue() == null ? List.of() : commandParameter.getValue();
    boolean dryRun = dryRunOption.getValue();
    String active = activeOption.getValue();
    if (!active.equals("queued") && !active.equals("failed")) {
      throw new ParameterException(spec.commandLine(), "--active takes queued or failed, not '"
          + Printable.of(active) + "'");
    }
    if (!command.isEmpty() && command.get(0).isBlank()) {
      throw new ParameterException(spec.commandLine(), "The command (first CMD) must not be blank");
    }
    boolean failActive = active.equals("failed");
    List<TaskQueueFile.Row> rows = TaskQueueFile.read(file, ZoneId.systemDefault());
    long runnable = rows.stream().filter(TaskQueueImport::active).count();
    if (runnable > 0 && !failActive && command.isEmpty()) {
      throw new ParameterException(spec.commandLine(), file + " has " + runnable + " queued or processing row(s) "
          + "that would run: give the command after -- (the row's spec_path is added as its last argument), or "
          + "bring them in failed with --active failed");
    }
    Instant now = root.wiring().clock().instant();
    List<TaskQueueImport.Plan> plans = rows.stream()
        .map(r -> TaskQueueImport.plan(r, command, failActive, now)).toList();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int imported = 0;
    int before = 0;
    int refused = 0;
    if (dryRun) {
      for (TaskQueueImport.Plan p : plans) {
        if (p.ok()) {
          out.println(line(p) + " -> " + p.end() + " (dry run)");
        } else {
          err.println(refusal(p, p.problem()));
          refused++;
        }
      }
      out.println("Dry run: " + (plans.size() - refused) + " of " + plans.size() + " row(s) would be imported"
          + (refused > 0 ? ", " + refused + " cannot be" : "") + "; nothing was written.");
      return refused > 0 ? ExitCodes.ERROR : ExitCodes.OK;
    }
    try (Wiring.Opened opened = root.wiring().write(b -> b.actor(ACTOR))) {
      Lifecycle lifecycle = opened.lifecycle();
      for (TaskQueueImport.Plan p : plans) {
        if (!p.ok()) {
          err.println(refusal(p, p.problem()));
          refused++;
          continue;
        }
        try {
          ImportedJob j = lifecycle.importJob(p.spec(), p.key(), p.submittedAt(), p.events());
          if (j.created()) {
            out.println(line(p) + " -> job " + j.job().id() + " " + j.job().state());
            imported++;
          } else {
            out.println(line(p) + " -> job " + j.job().id() + " (imported before)");
            before++;
          }
        } catch (TransitionException | IllegalArgumentException e) {
          err.println(refusal(p, e.getMessage()));
          refused++;
        }
      }
    }
    out.println("Imported " + imported + " of " + plans.size() + " row(s)" + (before > 0 ? ", " + before
        + " imported before" : "") + (refused > 0 ? ", " + refused + " could not be" : "") + ".");
    return refused > 0 ? ExitCodes.ERROR : ExitCodes.OK;
  }

  private static String line(TaskQueueImport.Plan p) {
    return Printable.of("row " + p.row().id() + " " + p.spec().name() + " (" + p.row().status() + ")");
  }

  private static String refusal(TaskQueueImport.Plan p, String why) {
    return Printable.of("row " + p.row().id() + " cannot be imported: " + why);
  }
}
