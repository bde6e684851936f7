package dev.lifeline.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.PassReport;
import dev.lifeline.event.Notice;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pass that saw a session missing is followed soon by the pass that may confirm it, not a whole poll later. */
class ConfirmationWaitTest {

  private final LifecycleHarness h = LifecycleHarness.builder()
      .supervisor(b -> b.pollInterval(Duration.ofSeconds(2)))
      .build();

  private DefaultSupervisor supervisor() {
    return (DefaultSupervisor) h.supervisor();
  }

  @Test
  void aQuietPassWaitsThePollInterval() {
    h.submit(JobSpec.builder("true").name("quiet").build());
    PassReport started = h.tick();
    h.advance(Duration.ofMinutes(1));
    PassReport quiet = h.tick();

    assertThat(supervisor().nextWait(started)).isEqualTo(Duration.ofSeconds(2));
    assertThat(supervisor().nextWait(quiet)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aPassThatSawASessionMissingWaitsOnlyTheConfirmationDelay() {
    JobId id = h.submit(JobSpec.builder("true").name("crashes").build()).id();
    h.tick();
    h.advance(Duration.ofMinutes(1)).vanish(id);

    PassReport missing = h.tick();

    assertThat(missing.notices(Notice.SessionMissing.class)).hasSize(1);
    assertThat(supervisor().nextWait(missing)).isEqualTo(DefaultSupervisor.CONFIRM_AFTER);
    assertThat(DefaultSupervisor.CONFIRM_AFTER).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aPollIntervalShorterThanTheConfirmationDelayIsKept() {
    LifecycleHarness fast = LifecycleHarness.builder()
        .supervisor(b -> b.pollInterval(Duration.ofMillis(100)).leaseStaleAfter(Duration.ofSeconds(30)))
        .build();
    JobId id = fast.submit(JobSpec.builder("true").name("crashes").build()).id();
    fast.tick();
    fast.advance(Duration.ofMinutes(1)).vanish(id);

    PassReport missing = fast.tick();

    assertThat(((DefaultSupervisor) fast.supervisor()).nextWait(missing)).isEqualTo(Duration.ofMillis(100));
  }
}
