package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Backoff;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.VerifierSpec;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.Verdict;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A supervisor restarted after a crash resumes from the rows alone and never launches an attempt twice. */
class CrashRecoveryTest {

  @Test
  void aFreshSupervisorResumesFromTheRowsAlone() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId running = h.submit(job("running")).id();
    JobId queued = h.submit(job("queued")).id();
    h.lifecycle().fire(queued, JobEvent.CANCEL, dev.lifeline.EventContext.none()); // out of the way
    JobId later = h.submit(job("later")).id();
    h.tick();
    h.expectState(later, JobState.PROCESSING);

    h.restartSupervisor();
    h.advance(Duration.ofMinutes(5));
    assertThat(h.tick(3)).allSatisfy(r -> assertThat(r.actions()).isEmpty());
    h.endSession(running, 0).endSession(later, 0);
    h.tick();

    h.expectState(running, JobState.COMPLETED);
    h.expectState(later, JobState.COMPLETED);
    assertThat(h.runtime().started()).hasSize(2);
  }

  @Test
  void theCrashWindowBetweenStartAndLaunchIsRepairedWithoutLaunchingTheAttempt() {
    LifecycleHarness h = LifecycleHarness.builder().backoff(Backoff.none()).build();
    JobId id = h.submit(job("half-started", 2)).id();
    Job started = h.lifecycle().startNext(4).orElseThrow().job();   // START committed; the supervisor died before launching
    assertThat(started.attempt()).isEqualTo(1);

    h.restartSupervisor();
    assertThat(h.tick().actions()).isEmpty();                  // within the start grace
    h.advance(Duration.ofSeconds(6));
    assertThat(h.tick().actions()).isEmpty();                  // not seen once
    assertThat(labels(h.tick())).containsExactly("LOST", "RETRY", "START", "LAUNCH");

    assertThat(h.launches(id)).extracting(SessionHandle::attempt).containsExactly(2);
    h.expectState(id, JobState.PROCESSING);
  }

  @Test
  void aVerificationInFlightAtTheCrashIsRunAgainByTheNextSupervisor() {
    AtomicInteger runs = new AtomicInteger();
    LifecycleHarness h = LifecycleHarness.builder().holdVerifiers(true)
        .lifecycle(l -> l.verifier("count", job -> {
          runs.incrementAndGet();
          return Verdict.passed();
        })).build();
    JobId id = h.submit(Specs.verified("verified", new VerifierSpec.Custom("count", null))).id();
    h.tick();
    h.endSession(id, 0);
    h.tick();                                                   // verification started, held
    h.restartSupervisor();

    assertThat(labels(h.tick())).containsExactly("VERIFY");
    h.runVerifiers();                                           // the dead supervisor's run and the new one
    assertThat(labels(h.tick())).containsExactly("PASS");

    h.expectState(id, JobState.COMPLETED);
    assertThat(runs).hasValue(2);
  }
}
