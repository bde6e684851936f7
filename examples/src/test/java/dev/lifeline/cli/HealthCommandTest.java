package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.JobId;
import dev.lifeline.spi.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCommandTest {

  private final Cli cli = new Cli();

  private void supervisorHeartbeatNow() {
    var now = cli.wiring.clock.instant();
    cli.wiring.store.leases().tryAcquire(new Lease("host:1", "host", 1, now, now), now, Duration.ofSeconds(30),
        l -> false);
  }

  @Test
  void anEmptyStoreIsHealthy() {
    Cli.Result r = cli.run("health");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("healthy").contains("supervisor: none");
  }

  @Test
  void queuedWorkWithoutASupervisorIsUnhealthy() {
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("health");

    assertThat(r.code()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.out()).startsWith("UNHEALTHY")
        .contains("  - 1 job(s) need a supervisor, but none is running: start lifeline run");
  }

  @Test
  void queuedWorkWithALiveSupervisorIsHealthy() {
    cli.run("submit", "--", "true");
    supervisorHeartbeatNow();

    Cli.Result r = cli.run("health");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("supervisor: host:1, heartbeat 0ms ago");
  }

  @Test
  void aStaleLeaseWithPendingWorkIsUnhealthy() {
    cli.run("submit", "--", "true");
    supervisorHeartbeatNow();
    cli.wiring.clock.advance(Duration.ofMinutes(2));

    Cli.Result r = cli.run("health");

    assertThat(r.code()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.out()).contains("the lease of host:1 is stale");
  }

  @Test
  void aJobUnchangedForLongerThanStuckAfterIsUnhealthy() {
    cli.run("submit", "--", "sleep", "100000");
    cli.wiring.lifecycle().startNext(1);
    cli.wiring.clock.advance(Duration.ofMinutes(20));
    supervisorHeartbeatNow();

    Cli.Result fine = cli.run("health", "--stuck-after", "30m");
    Cli.Result stuck = cli.run("health", "--stuck-after", "10m");

    assertThat(fine.code()).isZero();
    assertThat(stuck.code()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(stuck.out()).contains("job 1 has been PROCESSING for 20m00s (more than 10m00s)");
  }

  @Test
  void orphanSessionsAreReportedWithoutMakingItUnhealthy() {
    cli.run("submit", "--", "true");
    cli.run("cancel", "1");
    cli.wiring.runtime.addForeignTaggedSession(JobId.of(1), 1, "true-1-1");
    cli.wiring.runtime.addForeignTaggedSession(JobId.of(9), 1, "ghost-9-1");

    Cli.Result r = cli.run("health");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("2 orphan(s)").contains("orphan true-1-1 (job 1 attempt 1): its job is FAILED")
        .contains("orphan ghost-9-1 (job 9 attempt 1): its job is not in the store");
  }

  @Test
  void anUnreachableRuntimeIsReportedNotFatal() {
    cli.wiring.runtime.breakRuntime("tmux timed out");

    Cli.Result r = cli.run("health");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("sessions: unknown (tmux timed out)");
  }

  @Test
  void healthJsonCarriesCountsLeaseRuntimeAndProblems() throws Exception {
    cli.run("submit", "--", "true");

    Cli.Result r = cli.run("health", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.UNHEALTHY);
    JsonNode h = new ObjectMapper().readTree(r.out());
    List<String> names = new ArrayList<>();
    h.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("healthy", "problems", "counts", "stuck", "lease", "lastPass", "runtime",
        "orphans", "heldBack", "notifications");
    assertThat(h.get("healthy").asBoolean()).isFalse();
    assertThat(h.get("counts").get("QUEUED").asLong()).isEqualTo(1);
    assertThat(h.get("counts").get("COMPLETED").asLong()).isZero();
    assertThat(h.get("lease").isNull()).isTrue();
    assertThat(h.get("lastPass").isNull()).isTrue();
    assertThat(h.get("runtime").get("healthy").asBoolean()).isTrue();
    assertThat(h.get("problems")).hasSize(1);
  }

  @Test
  void passesThatKeepFailingMakeItUnhealthyAndJsonCarriesTheLastPass() throws Exception {
    supervisorHeartbeatNow();
    for (int i = 0; i < 3; i++) {
      cli.wiring.store.leases().recordPass("host:1", cli.wiring.clock.instant(), "job 4 could not be verified");
    }

    Cli.Result text = cli.run("health");
    Cli.Result json = cli.run("health", "--json");

    assertThat(text.code()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(text.out()).contains("  - the supervisor host:1 failed its last 3 passes: job 4 could not be verified")
        .contains("last pass: failed (3 in a row): job 4 could not be verified, 0ms ago");
    assertThat(json.code()).isEqualTo(ExitCodes.UNHEALTHY);
    JsonNode last = new ObjectMapper().readTree(json.out()).get("lastPass");
    assertThat(last.get("holder").asText()).isEqualTo("host:1");
    assertThat(last.get("at").asText()).isEqualTo(cli.wiring.clock.instant().toString());
    assertThat(last.get("consecutiveFailures").asInt()).isEqualTo(3);
    assertThat(last.get("problem").asText()).isEqualTo("job 4 could not be verified");
  }

  @Test
  void fewerFailedPassesThanThreeAreShownButHealthy() {
    supervisorHeartbeatNow();
    cli.wiring.store.leases().recordPass("host:1", cli.wiring.clock.instant(), "the store is busy");

    Cli.Result r = cli.run("health");

    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("last pass: failed (1 in a row): the store is busy");
  }

  @Test
  void queuedJobsWaitingForASlotAreListedAsHeldBack() throws Exception {
    for (int i = 0; i < 5; i++) {
      cli.run("submit", "--", "true");
    }
    supervisorHeartbeatNow();

    Cli.Result r = cli.run("health");
    JsonNode held = new ObjectMapper().readTree(cli.run("health", "--json").out()).get("heldBack");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("held back:\n  job 5 waits for a free slot (max concurrent reached)");
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("jobId").asLong()).isEqualTo(5);
    assertThat(held.get(0).get("reason").asText()).isEqualTo("MAX_CONCURRENT");
    assertThat(held.get(0).get("until").isNull()).isTrue();
  }

  @Test
  void theTextListsTenHeldBackJobsAndCountsTheRest() {
    for (int i = 0; i < 16; i++) {
      cli.run("submit", "--", "true");
    }
    supervisorHeartbeatNow();

    Cli.Result r = cli.run("health");

    assertThat(r.out()).contains("  job 14 waits for a free slot").doesNotContain("job 15 waits")
        .contains("  ... and 2 more (--json lists them all)");
  }

  @Test
  void healthNeverWrites() {
    cli.run("submit", "--", "true");
    int writes = cli.wiring.writeOpens;

    cli.run("health");

    assertThat(cli.wiring.writeOpens).isEqualTo(writes);
  }
}
