package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagramAndCompletionTest {

  private final Cli cli = new Cli();

  @Test
  void diagramPrintsMermaidFromTheTableWithoutOpeningTheStore() {
    Cli.Result r = cli.run("diagram");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("stateDiagram-v2").contains("QUEUED --> PROCESSING")
        .contains("FAILED --> QUEUED").contains("COMPLETED --> [*]");
    assertThat(cli.wiring.readOpens + cli.wiring.writeOpens).isZero();
  }

  @Test
  void diagramPrintsDotOnRequest() {
    Cli.Result r = cli.run("diagram", "--format", "dot");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("digraph lifecycle").contains("VERIFICATION -> COMPLETED");
  }

  @Test
  void anUnknownDiagramFormatIsAUsageError() {
    Cli.Result r = cli.run("diagram", "--format", "png");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("png");
  }

  @Test
  void completionPrintsABashScriptCoveringTheCommands() {
    Cli.Result r = cli.run("completion");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("_picocli_lifeline").contains("submit").contains("--stuck-after");
  }
}
