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
    assertThat(names).containsExactly("at", "dryRun", "runtimeHealthy", "runtimeUnknown", "actions", "notices",
        "problem");
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(plan.get("problem").isNull()).as("a pass that handles every job has no problem").isTrue();
    JsonNode first = plan.get("actions").get(0);
    assertThat(first.get("jobId").asLong()).isEqualTo(1);
    assertThat(first.get("kind").asText()).isEqualTo("TRANSITION");
    assertThat(first.get("event").asText()).isEqualTo("START");
  }

  @Test
  void aDryRunPrintsThePassProblemWhenARowCannotBeRead() {
    cli.run("submit", "--name", "good", "--", "true");
    JobId bad = cli.wiring.store.plantUnreadableRow(JobState.PROCESSING, "state 'RUNNING?' is not a known state");

    Cli.Result r = cli.run("reconcile", "--dry-run");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("problem: "))).singleElement()
        .satisfies(l -> assertThat(l).contains("job " + bad, "RUNNING?"));
    assertThat(r.out()).contains("job 1 attempt 1: START").doesNotContain("Nothing to do");
  }

  @Test
  void aDryRunWithNothingElseToDoStillPrintsTheProblemAndDoesNotSayAllAgrees() {
    cli.wiring.store.plantUnreadableRow(JobState.PROCESSING, "argv is not a JSON array");

    Cli.Result r = cli.run("reconcile", "--dry-run");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("problem: ").contains("argv is not a JSON array")
        .doesNotContain("the database agrees with the sessions");
  }

  @Test
  void theJsonPlanCarriesThePassProblem() throws Exception {
    JobId bad = cli.wiring.store.plantUnreadableRow(JobState.QUEUED, "state 'RUNNING?' is not a known state");

    JsonNode plan = new ObjectMapper().readTree(cli.run("reconcile", "--dry-run", "--json").out());

    assertThat(plan.get("problem").asText()).contains("job " + bad, "RUNNING?");
  }

  @Test
  void withoutDryRunItRefusesToApplyAnything() {
    Cli.Result r = cli.run("reconcile");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("add --dry-run");
  }
}
