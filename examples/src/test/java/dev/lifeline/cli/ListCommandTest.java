package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCommandTest {

  private final Cli cli = new Cli();

  private void threeJobs() {
    cli.run("submit", "--name", "first", "--", "true");
    cli.run("submit", "--name", "second", "--max-attempts", "2", "--", "false");
    cli.run("submit", "--name", "third", "--", "sleep", "60");
    Lifecycle lc = cli.wiring.lifecycle();
    cli.wiring.clock.advance(Duration.ofSeconds(5));
    lc.startNext(10);
    lc.startNext(10);
    lc.fire(JobId.of(1), JobEvent.EXITED, EventContext.exitCode(0));
    lc.fire(JobId.of(1), JobEvent.PASS, EventContext.none());
    lc.fire(JobId.of(2), JobEvent.EXITED, EventContext.exitCode(3));
    cli.wiring.clock.advance(Duration.ofSeconds(10));
  }

  @Test
  void listPrintsAnAlignedTableNewestFirst() {
    threeJobs();

    Cli.Result r = cli.run("list");

    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("STATE").contains("NAME").contains("RESULT");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith("3 ").contains("QUEUED").contains("third");
    assertThat(lines.get(2)).startsWith("2 ").contains("FAILED").contains("EXIT_CODE: exited with code 3");
    assertThat(lines.get(3)).startsWith("1 ").contains("COMPLETED").contains("exit 0");
    int stateColumn = lines.get(0).indexOf("STATE");
    for (String line : lines.subList(1, 4)) {
      assertThat(line.indexOf(line.strip().split("\\s+")[1])).isEqualTo(stateColumn);
    }
    assertThat(r.out()).doesNotContain("\u001b[");
  }

  @Test
  void listColoursStatesOnlyOnATerminal() {
    threeJobs();
    cli.interactive = true;

    assertThat(cli.run("list").out()).contains(Terminal.GREEN + "COMPLETED" + Terminal.RESET);
    assertThat(cli.run("--no-color", "list").out()).doesNotContain("\u001b[");
    cli.env.put("NO_COLOR", "1");
    assertThat(cli.run("list").out()).doesNotContain("\u001b[");
  }

  @Test
  void listFiltersByStateAndLimits() {
    threeJobs();

    Cli.Result failedOrQueued = cli.run("list", "--state", "FAILED", "--state", "queued");
    Cli.Result limited = cli.run("list", "--limit", "1");

    assertThat(failedOrQueued.out().lines().skip(1).map(l -> l.split("\\s+")[0])).containsExactly("3", "2");
    assertThat(limited.out().lines().skip(1).map(l -> l.split("\\s+")[0])).containsExactly("3");
    assertThat(limited.err()).contains("--limit");
  }

  @Test
  void listJsonHasExactlyTheDesignFields() throws Exception {
    threeJobs();

    Cli.Result r = cli.run("list", "--json");

    assertThat(r.code()).isZero();
    JsonNode array = new ObjectMapper().readTree(r.out());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(3);
    List<String> names = new ArrayList<>();
    array.get(0).fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("id", "name", "state", "attempt", "maxAttempts", "priority", "argv", "cwd",
        "session", "exitCode", "failureReason", "failureDetail", "notBefore", "createdAt", "startedAt", "finishedAt",
        "updatedAt", "group", "after", "held", "hooks");
    JsonNode failed = array.get(1);
    assertThat(failed.get("id").asLong()).isEqualTo(2);
    assertThat(failed.get("state").asText()).isEqualTo("FAILED");
    assertThat(failed.get("failureReason").asText()).isEqualTo("EXIT_CODE");
    assertThat(failed.get("exitCode").asInt()).isEqualTo(3);
    assertThat(failed.get("argv").isArray()).isTrue();
    assertThat(failed.get("argv").get(0).asText()).isEqualTo("false");
    assertThat(failed.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(failed.get("startedAt").asText()).isEqualTo("2026-01-01T00:00:05Z");
    JsonNode queued = array.get(0);
    assertThat(queued.get("session").isNull()).isTrue();
    assertThat(queued.get("exitCode").isNull()).isTrue();
    assertThat(queued.get("startedAt").isNull()).isTrue();
  }

  @Test
  void listOnAnEmptyStoreSaysHowToAddAJobAndNeverWrites() {
    Cli.Result r = cli.run("list");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("No jobs yet");
    assertThat(cli.wiring.readOpens).isEqualTo(1);
    assertThat(cli.wiring.writeOpens).isZero();
  }

  @Test
  void aZeroLimitIsAUsageError() {
    assertThat(cli.run("list", "--limit", "0").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("list", "--state", "DONE").code()).isEqualTo(ExitCodes.USAGE);
  }
}
