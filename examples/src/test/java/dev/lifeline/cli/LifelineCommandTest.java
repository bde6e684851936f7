package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifelineCommandTest {

  private final Cli cli = new Cli();

  @Test
  void theDatabaseAndSocketComeFromOptionsThenEnvironmentThenDefaults() {
    cli.run("diagram");
    assertThat(cli.last.database()).isEqualTo(Path.of("./lifeline.db"));
    assertThat(cli.last.socket()).isEqualTo("lifeline");

    cli.env.putAll(Map.of("LIFELINE_DB", "/var/lib/jobs.db", "LIFELINE_SOCKET", "ci"));
    cli.run("diagram");
    assertThat(cli.last.database()).isEqualTo(Path.of("/var/lib/jobs.db"));
    assertThat(cli.last.socket()).isEqualTo("ci");

    cli.run("--db", "other.db", "--socket", "mine", "diagram");
    assertThat(cli.last.database()).isEqualTo(Path.of("other.db"));
    assertThat(cli.last.socket()).isEqualTo("mine");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = cli.run();

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("A command is required");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Cli.Result r = cli.run("frobnicate");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli.Result r = cli.run("--help");

    assertThat(r.code()).isZero();
    for (String c : new String[] {"submit", "list", "show", "logs", "cancel", "retry", "approve", "reject",
        "health", "diagram", "completion"}) {
      assertThat(r.out()).contains("  " + c);
    }
    assertThat(r.out()).contains("--db=FILE").contains("LIFELINE_DB").contains("Exit codes: 0 ok");
  }

  @Test
  void everyCommandsHelpHasAnExample() {
    var names = LifelineCommand.commandLine(new LifelineCommand(Map.of(), c -> cli.wiring)).getSubcommands().keySet();
    assertThat(names).contains("submit", "list", "show", "logs", "cancel", "retry", "approve", "reject", "health",
        "diagram", "completion");
    for (String c : names.stream().filter(c -> !c.equals("help")).toList()) {
      Cli.Result r = cli.run(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out()).as(c).contains("Examples:").contains("lifeline " + c);
    }
  }

  @Test
  void onlyTheNamedSubcommandIsRegisteredForARun() {
    LifelineCommand root = new LifelineCommand(Map.of(), c -> cli.wiring);

    assertThat(LifelineCommand.commandLine(root, new String[] {"--db", "list", "show", "1"}).getSubcommands())
        .containsOnlyKeys("show");
    assertThat(LifelineCommand.commandLine(root, new String[] {"--no-color", "--socket=x", "list"}).getSubcommands())
        .containsOnlyKeys("list");
    assertThat(LifelineCommand.commandLine(root, new String[] {"--help"}).getSubcommands()).hasSizeGreaterThan(10);
    assertThat(LifelineCommand.commandLine(root, new String[] {"help", "list"}).getSubcommands())
        .hasSizeGreaterThan(10);
    assertThat(LifelineCommand.commandLine(root, new String[] {"lsit"}).getSubcommands()).hasSizeGreaterThan(10);
    assertThat(LifelineCommand.commandLine(root, new String[] {"--version"}).getSubcommands()).isEmpty();
  }

  @Test
  void aMisspelledCommandGetsASuggestion() {
    Cli.Result r = cli.run("lisst");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Did you mean list?");
  }

  @Test
  void versionNamesLifeline() {
    Cli.Result r = cli.run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("lifeline ");
  }

  @Test
  void colourFollowsTheTerminalTheFlagAndNoColor() {
    assertThat(Terminal.decide(true, false, Map.of()).color()).isTrue();
    assertThat(Terminal.decide(false, false, Map.of()).color()).isFalse();
    assertThat(Terminal.decide(true, true, Map.of()).color()).isFalse();
    assertThat(Terminal.decide(true, false, Map.of("NO_COLOR", "1")).color()).isFalse();
    assertThat(Terminal.decide(true, false, Map.of("NO_COLOR", "")).color()).isTrue();
  }
}
