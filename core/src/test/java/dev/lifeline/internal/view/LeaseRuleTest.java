package dev.lifeline.internal.view;

import static dev.lifeline.internal.view.Rows.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.HealthReport.SupervisorLease;
import dev.lifeline.spi.Lease;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseRuleTest {

  private static final Duration STALE = Duration.ofSeconds(30);
  private static final Lease LEASE = new Lease("host:7", "host", 7, T.minusSeconds(600), T);

  @Test
  void aHeartbeatIsStaleOnlyWhenOlderThanTheThreshold() {
    assertThat(LeaseRule.isStale(T, T.plus(STALE), STALE)).isFalse();
    assertThat(LeaseRule.isStale(T, T.plus(STALE).plusMillis(1), STALE)).isTrue();
  }

  @Test
  void theLeaseIsDescribedWithItsHeartbeatAge() {
    SupervisorLease l = LeaseRule.describe(LEASE, T.plusSeconds(5), STALE);

    assertThat(l.holder()).isEqualTo("host:7");
    assertThat(l.heartbeatAge()).isEqualTo(Duration.ofSeconds(5));
    assertThat(l.stale()).isFalse();
  }

  @Test
  void activeJobsWithoutALeaseNeedASupervisor() {
    assertThat(LeaseRule.judge(2, Optional.empty())).hasValueSatisfying(p ->
        assertThat(p.message()).isEqualTo("2 job(s) need a supervisor, but none is running"));
  }

  @Test
  void activeJobsWithAStaleLeaseNeedASupervisorAndTheHolderIsNamed() {
    var stale = Optional.of(LeaseRule.describe(LEASE, T.plusSeconds(120), STALE));

    assertThat(LeaseRule.judge(1, stale)).hasValueSatisfying(p ->
        assertThat(p.message()).isEqualTo("1 job(s) need a supervisor, but the lease of host:7 is stale "
            + "(heartbeat 2m00s ago)"));
  }

  @Test
  void aFreshLeaseOrNoActiveJobIsNoProblem() {
    assertThat(LeaseRule.judge(3, Optional.of(LeaseRule.describe(LEASE, T.plusSeconds(1), STALE)))).isEmpty();
    assertThat(LeaseRule.judge(0, Optional.empty())).isEmpty();
  }
}
