package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.OrphanPolicy;
import dev.lifeline.PassReport;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sessions tagged by Lifeline whose job is terminal, on another attempt or unknown follow the orphan policy. */
class OrphanTest {

  @Test
  void anOrphanIsReportedOnceAndLeftRunningByDefault() {
    LifecycleHarness h = LifecycleHarness.create();
    SessionHandle ghost = h.runtime().addForeignTaggedSession(JobId.of(99), 1, "ghost-99-1");

    PassReport first = h.tick();
    h.advance(Duration.ofDays(1));
    h.tick(5);

    assertThat(labels(first)).containsExactly("ORPHAN");
    assertThat(first.notices(Notice.OrphanFound.class)).singleElement()
        .satisfies(n -> assertThat(n.why()).isEqualTo("its job is not in the store"));
    assertThat(h.notices(Notice.OrphanFound.class)).hasSize(1);
    assertThat(h.runtime().running()).contains(ghost);
    assertThat(h.runtime().stopped()).isEmpty();
  }

  @Test
  void killPolicyStopsAnOrphanOnlyAfterTheGrace() {
    LifecycleHarness h = LifecycleHarness.builder()
        .supervisor(s -> s.orphanPolicy(OrphanPolicy.KILL).orphanGrace(Duration.ofMinutes(1))).build();
    SessionHandle ghost = h.runtime().addForeignTaggedSession(JobId.of(7), 1, "ghost-7-1");
    assertThat(labels(h.tick())).containsExactly("ORPHAN");
    h.advance(Duration.ofSeconds(59));
    assertThat(h.tick().actions()).isEmpty();

    h.advance(Duration.ofSeconds(1));
    PassReport r = h.tick();

    assertThat(labels(r)).containsExactly("KILL");
    assertThat(r.notices(Notice.OrphanKilled.class)).singleElement()
        .satisfies(n -> assertThat(n.session()).isEqualTo("ghost-7-1"));
    assertThat(h.runtime().stopped()).containsExactly(ghost);
  }

  @Test
  void aSessionOfACompletedJobIsAnOrphan() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("done")).id();
    h.tick();
    // Another process saw the command finish and recorded it; the session is still there.
    h.lifecycle().fire(id, JobEvent.EXITED, EventContext.exitCode(0));
    h.lifecycle().fire(id, JobEvent.PASS, EventContext.none());

    PassReport r = h.tick();

    assertThat(r.notices(Notice.OrphanFound.class)).singleElement()
        .satisfies(n -> assertThat(n.why()).isEqualTo("its job is COMPLETED"));
  }

  @Test
  void aSessionOfAnotherAttemptIsAnOrphanAndTheCurrentOneIsNot() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("twice", 2)).id();
    h.tick();
    String first = h.job(id).session();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.tick(2);                                              // LOST, RETRY
    h.advance(Duration.ofSeconds(5)).tick();                // attempt 2 runs
    h.runtime().addForeignTaggedSession(id, 1, first);      // attempt 1 shows up again

    PassReport r = h.tick();

    assertThat(r.notices(Notice.OrphanFound.class)).singleElement().satisfies(n -> {
      assertThat(n.attempt()).isEqualTo(1);
      assertThat(n.why()).isEqualTo("its job is on attempt 2");
    });
  }

  @Test
  void orphansAreNotJudgedWhileTheRuntimeIsUnknown() {
    LifecycleHarness h = LifecycleHarness.builder()
        .supervisor(s -> s.orphanPolicy(OrphanPolicy.KILL).orphanGrace(Duration.ZERO)).build();
    h.runtime().addForeignTaggedSession(JobId.of(5), 1, "ghost-5-1");
    h.breakRuntime("tmux hung");

    h.tick(3);

    assertThat(h.notices(Notice.OrphanFound.class)).isEmpty();
    assertThat(h.runtime().stopped()).isEmpty();
  }
}
