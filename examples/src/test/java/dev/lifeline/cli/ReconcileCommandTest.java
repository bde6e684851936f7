package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileCommandTest {

  private final Cli cli = new Cli();

  @Test
  void aDryRunShowsThePassAndChangesNothing() {
    cli.run("submit", "--name", "a", "--", "true");
    int writes = cli.wiring.writeOpens;

    Cli.Result r = cli.run("reconcile", "--dry-run");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("One pass would:").contains("job 1 attempt 1: START");
    assertThat(cli.wiring.store.find(JobId.of(1)).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    assertThat(cli.wiring.runtime.started()).isEmpty();
    assertThat(cli.wiring.writeOpens).isEqualTo(writes);
  }

  @Test
  void aDryRunOfAnAgreeingStoreSaysSo() {
    Cli.Result r = cli.run("reconcile", "--dry-run");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Nothing to do");
  }

  @Test
  void theJsonPlanListsActions() throws Exception {
    cli.run("submit", "--", "true");

    JsonNode plan = new ObjectMapper().readTree(cli.run("reconcile", "--dry-run", "--json").out());

    List<String> names = new ArrayList<>();
    plan.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("at", "dryRun", "runtimeHealthy", "runtimeUnknown", "actions", "notices");
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    JsonNode first = plan.get("actions").get(0);
    assertThat(first.get("jobId").asLong()).isEqualTo(1);
    assertThat(first.get("kind").asText()).isEqualTo("TRANSITION");
    assertThat(first.get("event").asText()).isEqualTo("START");
  }

  @Test
  void withoutDryRunItRefusesToApplyAnything() {
    Cli.Result r = cli.run("reconcile");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("add --dry-run");
  }
}
