package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.UnknownVerifierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The commands go through {@code Lifecycle} and {@code Supervisor} only (ARCHITECTURE.md, "What may depend on what"): none of them imports a
 * port or an internal class; only the wiring, which builds the adapters, may.
 */
class CommandsSeeOnlyTheApiTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/lifeline/cli");

  private static final List<String> COMMANDS = List.of("SubmitCommand", "ApproveCommand", "CancelCommand",
      "RetryCommand", "RejectCommand", "OperatorEvent", "ListCommand", "ShowCommand", "LogsCommand", "RunCommand",
      "LiveView", "DemoCommand", "WarmupCommand", "DiagramCommand");

  private static List<String> portOrInternalImports(String file) throws IOException {
    return Files.readAllLines(SOURCES.resolve(file + ".java")).stream()
        .filter(l -> l.startsWith("import dev.lifeline.spi.") || l.startsWith("import dev.lifeline.internal."))
        .toList();
  }

  @Test
  void noCommandImportsAPortOrAnInternalClass() throws IOException {
    assertThat(portOrInternalImports("Wiring")).as("control: the wiring does").isNotEmpty();
    for (String command : COMMANDS) {
      assertThat(portOrInternalImports(command)).as(command).isEmpty();
    }
  }

  @Test
  void aJobNamingAnUnknownVerifierIsAUsageError() {
    assertThat(new ExitCodes().getExitCode(new UnknownVerifierException("covrage", Set.of("coverage"))))
        .isEqualTo(ExitCodes.USAGE);
  }
}
