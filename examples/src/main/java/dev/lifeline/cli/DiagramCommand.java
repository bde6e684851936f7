package dev.lifeline.cli;

import dev.lifeline.DiagramFormat;
import dev.lifeline.Lifecycle;
import dev.lifeline.testing.InMemoryJobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lifeline diagram}: the lifecycle rendered from the transition table; opens no database. */
@Command(name = "diagram",
    description = "Print the lifecycle, generated from the transition table, as Mermaid or Graphviz DOT.",
    footerHeading = "%nExamples:%n",
    footer = {"  lifeline diagram > lifecycle.mmd", "  lifeline diagram --format dot | dot -Tsvg > lifecycle.svg"})
final class DiagramCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
      description = "mermaid or dot (default ${DEFAULT-VALUE}).")
  private DiagramFormat format;

  @Override
  public Integer call() {
    // The diagram depends on the table alone: a throwaway in-memory store and the table engine keep this command
    // from opening the database or building the state machine.
    Lifecycle lifecycle = Lifecycle.builder()
        .store(new InMemoryJobStore())
        .engine(Lifecycle.Builder.EngineKind.TABLE)
        .build();
    spec.commandLine().getOut().print(lifecycle.diagram(format));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
