package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.Job;
import dev.lifeline.JobId;
import dev.lifeline.PassReport;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan()} says what one pass would do and changes nothing: no row, no session, no memory, no listener. */
class PlanTest {

  /** A store with one job for each kind of move, and an orphan. */
  private static LifecycleHarness busy() {
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.lostAfter(1).maxConcurrent(3)).build();
    JobId exited = h.submit(job("exited")).id();
    JobId vanished = h.submit(job("vanished")).id();
    JobId slow = h.submit(withTimeout("slow", Duration.ofMinutes(1), 1)).id();
    h.tick();
    h.submit(job("queued"));
    h.advance(Duration.ofMinutes(2));
    h.endSession(exited, 0);
    h.vanish(vanished);
    h.runtime().addForeignTaggedSession(JobId.of(42), 1, "ghost-42-1");
    return h;
  }

  static Object snapshot(LifecycleHarness h) {
    List<Object> all = new ArrayList<>();
    List<Job> jobs = h.store().list(JobQuery.all());
    all.add(jobs);
    jobs.forEach(j -> all.add(h.history(j.id())));
    all.add(h.runtime().started());
    all.add(h.runtime().stopped());
    all.add(h.runtime().running());
    all.add(h.notices());
    all.add(h.transitions());
    all.add(h.store().leases().current());
    return all;
  }

  private static List<String> moves(PassReport r) {
    return r.actions().stream().map(a -> a.jobId() + ":" + a.label()).toList();
  }

  @Test
  void planWritesNothingStartsNothingAndTellsNoOne() {
    LifecycleHarness h = busy();
    Object before = snapshot(h);

    PassReport plan = h.plan();
    h.plan();

    assertThat(plan.dryRun()).isTrue();
    assertThat(moves(plan)).containsExactly("1:EXITED", "2:LOST", "3:TIME_OUT", "3:KILL", "1:PASS", "4:START",
        "4:LAUNCH", "42:ORPHAN");
    assertThat(snapshot(h)).isEqualTo(before);
  }

  @Test
  void theNextPassDoesWhatThePlanSaid() {
    LifecycleHarness h = busy();
    PassReport plan = h.plan();

    PassReport pass = h.tick();

    assertThat(pass.dryRun()).isFalse();
    assertThat(moves(pass)).isEqualTo(moves(plan));
    assertThat(pass.notices()).isEqualTo(plan.notices());
  }

  @Test
  void planningDoesNotCountObservationsOrUseUpReports() {
    LifecycleHarness h = LifecycleHarness.create();
    JobId id = h.submit(job("gone")).id();
    h.tick();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.runtime().addForeignTaggedSession(JobId.of(8), 1, "ghost-8-1");

    for (int i = 0; i < 3; i++) {
      PassReport plan = h.plan();
      assertThat(plan.notices(Notice.SessionMissing.class)).extracting(Notice.SessionMissing::count)
          .containsExactly(1);
      assertThat(plan.notices(Notice.OrphanFound.class)).hasSize(1);
    }
    PassReport pass = h.tick();

    assertThat(pass.notices(Notice.SessionMissing.class)).extracting(Notice.SessionMissing::count).containsExactly(1);
    assertThat(pass.notices(Notice.OrphanFound.class)).hasSize(1);
    assertThat(h.plan().notices(Notice.OrphanFound.class)).isEmpty();   // reported once, by the pass
  }

  @Test
  void planFollowsAJobThroughThePassLikeTheTickDoes() {
    LifecycleHarness h = LifecycleHarness.builder().backoff(dev.lifeline.Backoff.none()).build();
    JobId id = h.submit(job("retried", 2)).id();
    h.tick();
    h.endSession(id, 1);

    assertThat(moves(h.plan())).containsExactly(id + ":EXITED", id + ":RETRY", id + ":START", id + ":LAUNCH");
    assertThat(moves(h.tick())).containsExactly(id + ":EXITED", id + ":RETRY", id + ":START", id + ":LAUNCH");
  }
}
