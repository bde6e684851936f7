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
    assertThat(r.out()).startsWith("UNHEALTHY").contains("1 job(s) need a supervisor, but none is running");
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
    assertThat(r.out()).contains("2 orphan(s)").contains("orphan true-1-1 (job 1 attempt 1): job is FAILED")
        .contains("orphan ghost-9-1 (job 9 attempt 1): no such job");
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
    assertThat(names).containsExactly("healthy", "problems", "counts", "stuck", "lease", "runtime", "orphans");
    assertThat(h.get("healthy").asBoolean()).isFalse();
    assertThat(h.get("counts").get("QUEUED").asLong()).isEqualTo(1);
    assertThat(h.get("counts").get("COMPLETED").asLong()).isZero();
    assertThat(h.get("lease").isNull()).isTrue();
    assertThat(h.get("runtime").get("healthy").asBoolean()).isTrue();
    assertThat(h.get("problems")).hasSize(1);
  }

  @Test
  void healthNeverWrites() {
    cli.run("submit", "--", "true");
    int writes = cli.wiring.writeOpens;

    cli.run("health");

    assertThat(cli.wiring.writeOpens).isEqualTo(writes);
  }
}
