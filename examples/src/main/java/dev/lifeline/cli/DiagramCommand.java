package dev.lifeline.cli;

import dev.lifeline.DiagramFormat;
import dev.lifeline.Lifecycle;
import dev.lifeline.testing.InMemoryJobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code lifeline diagram}: the lifecycle rendered from the transition table; opens no database. */
final class DiagramCommand implements Callable<Integer> {

  final CommandSpec spec;
  private final OptionSpec formatOption = Specs.option("--format", "FORMAT", DiagramFormat.class,
      "mermaid or dot (default ${DEFAULT-VALUE}).").defaultValue("mermaid").build();

  DiagramCommand() {
    this.spec = Specs.command(this, "diagram",
        "Print the lifecycle, generated from the transition table, as Mermaid or Graphviz DOT.",
        "  lifeline diagram > lifecycle.mmd", "  lifeline diagram --format dot | dot -Tsvg > lifecycle.svg")
        .addOption(formatOption);
  }

  @Override
  public Integer call() {
    DiagramFormat format = formatOption.getValue();
    // The diagram depends on the table alone: a throwaway in-memory store keeps this command from opening the
    // database, and a lifecycle builds its state machine only for a decision, which this command never asks for.
    Lifecycle lifecycle = Lifecycle.builder()
        .store(new InMemoryJobStore())
        .build();
    spec.commandLine().getOut().print(lifecycle.diagram(format));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
