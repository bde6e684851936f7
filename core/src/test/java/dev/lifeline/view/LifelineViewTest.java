package dev.lifeline.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.EventContext;
import dev.lifeline.HealthProblem;
import dev.lifeline.HealthQuery;
import dev.lifeline.HealthReport;
import dev.lifeline.HeldBackJob;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.LifelineView;
import dev.lifeline.PassReport;
import dev.lifeline.StoreException;
import dev.lifeline.Transition;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The read view over the harness: each question answered by its one rule, nothing written. */
class LifelineViewTest {

  private final LifecycleHarness h = LifecycleHarness.create();
  private final LifelineView view = LifelineView.builder().store(h.store()).runtime(h.runtime()).clock(h.clock())
      .build();

  private static JobSpec job(String name) {
    return JobSpec.builder("run", name).name(name).build();
  }

  private void supervisorHeartbeatNow() {
    Instant now = h.clock().instant();
    h.store().leases().tryAcquire(new Lease("host:1", "host", 1, now, now), now, Duration.ofSeconds(30), l -> false);
  }

  @Test
  void anEmptyStoreIsHealthyWithZeroCountsAndNoLease() {
    HealthReport r = view.health(HealthQuery.defaults());

    assertThat(r.healthy()).isTrue();
    assertThat(r.counts()).containsOnlyKeys(JobState.values()).allSatisfy((s, n) -> assertThat(n).isZero());
    assertThat(r.lease()).isEmpty();
    assertThat(r.sessions().observed()).isTrue();
  }

  @Test
  void countsPerStateAreTheStoresCounts() {
    h.submit(job("a"));
    h.submit(job("b"));
    h.tick();

    assertThat(view.counts()).isEqualTo(h.store().counts());
    assertThat(view.health(HealthQuery.defaults()).counts()).containsEntry(JobState.PROCESSING, 2L);
  }

  @Test
  void queuedWorkWithoutASupervisorIsNoSupervisor() {
    h.submit(job("a"));

    HealthReport r = view.health(HealthQuery.defaults());

    assertThat(r.healthy()).isFalse();
    assertThat(r.problems()).singleElement().isInstanceOfSatisfying(HealthProblem.NoSupervisor.class,
        p -> assertThat(p.activeJobs()).isEqualTo(1));
  }

  @Test
  void aFreshLeaseMakesQueuedWorkHealthyAndAStaleOneDoesNot() {
    h.submit(job("a"));
    supervisorHeartbeatNow();
    HealthReport fresh = view.health(HealthQuery.defaults());
    h.advance(Duration.ofMinutes(2));

    HealthReport stale = view.health(HealthQuery.defaults());

    assertThat(fresh.healthy()).isTrue();
    assertThat(fresh.lease()).hasValueSatisfying(l -> assertThat(l.stale()).isFalse());
    assertThat(stale.lease()).hasValueSatisfying(l -> {
      assertThat(l.stale()).isTrue();
      assertThat(l.heartbeatAge()).isEqualTo(Duration.ofMinutes(2));
    });
    assertThat(stale.problems(HealthProblem.NoSupervisor.class)).singleElement()
        .satisfies(p -> assertThat(p.holder()).isEqualTo("host:1"));
  }

  @Test
  void aJobUnchangedForLongerThanStuckAfterIsStuck() {
    JobId id = h.submit(job("long")).id();
    h.tick();
    h.advance(Duration.ofMinutes(20));
    supervisorHeartbeatNow();

    HealthReport fine = view.health(HealthQuery.defaults().withStuckAfter(Duration.ofMinutes(30)));
    HealthReport stuck = view.health(HealthQuery.defaults().withStuckAfter(Duration.ofMinutes(10)));

    assertThat(fine.healthy()).isTrue();
    assertThat(stuck.stuck()).extracting(Job::id).containsExactly(id);
    assertThat(stuck.problems()).singleElement().extracting(HealthProblem::message)
        .isEqualTo("job 1 has been PROCESSING for 20m00s (more than 10m00s)");
    assertThat(view.stuck(Duration.ofMinutes(10))).extracting(Job::id).containsExactly(id);
  }

  @Test
  void passesFailingAsOftenAsTheThresholdMakeItUnhealthy() {
    supervisorHeartbeatNow();
    for (int i = 0; i < 2; i++) {
      h.store().leases().recordPass("host:1", h.clock().instant(), "the store is busy");
    }
    HealthReport twice = view.health(HealthQuery.defaults());
    h.store().leases().recordPass("host:1", h.clock().instant(), "the store is busy");

    HealthReport thrice = view.health(HealthQuery.defaults());

    assertThat(twice.healthy()).isTrue();
    assertThat(twice.lastPass()).hasValueSatisfying(p -> assertThat(p.consecutiveFailures()).isEqualTo(2));
    assertThat(thrice.healthy()).isFalse();
    assertThat(thrice.problems()).singleElement().extracting(HealthProblem::message)
        .isEqualTo("the supervisor host:1 failed its last 3 passes: the store is busy");
  }

  @Test
  void aPassThatCompletesClearsTheFailures() {
    supervisorHeartbeatNow();
    for (int i = 0; i < 3; i++) {
      h.store().leases().recordPass("host:1", h.clock().instant(), "boom");
    }
    h.store().leases().recordPass("host:1", h.clock().instant(), null);

    assertThat(view.health(HealthQuery.defaults().withFailingPassesAfter(1)).healthy()).isTrue();
  }

  @Test
  void orphanSessionsAreListedByTheSupervisorsRuleWithoutMakingItUnhealthy() {
    JobId done = h.submit(job("done")).id();
    h.tick();
    String session = h.job(done).session();
    // Another process saw the command finish and recorded it; the session is still there.
    h.lifecycle().fire(done, JobEvent.EXITED, EventContext.exitCode(0));
    h.lifecycle().fire(done, JobEvent.PASS, EventContext.none());
    h.runtime().addForeignTaggedSession(JobId.of(9), 1, "ghost-9-1");
    JobId running = h.submit(job("running")).id();
    PassReport pass = h.tick();                                    // starts "running", reports the orphans

    HealthReport r = view.health(HealthQuery.defaults());

    assertThat(h.job(running).state()).isEqualTo(JobState.PROCESSING);
    assertThat(r.healthy()).as(r.problems().toString()).isFalse(); // no lease: only NoSupervisor
    assertThat(r.problems()).allMatch(p -> p instanceof HealthProblem.NoSupervisor);
    assertThat(r.sessions().orphans()).extracting(o -> o.session() + ": " + o.why())
        .containsExactly(session + ": its job is COMPLETED", "ghost-9-1: its job is not in the store");
    List<String> supervisorSays = pass.notices(Notice.OrphanFound.class).stream()
        .map(n -> n.session() + ": " + n.why()).toList();
    assertThat(supervisorSays).containsExactlyInAnyOrderElementsOf(
        r.sessions().orphans().stream().map(o -> o.session() + ": " + o.why()).toList());
  }

  @Test
  void anUnknownRuntimeIsReportedNotFatal() {
    h.breakRuntime("tmux timed out");

    HealthReport.Sessions s = view.health(HealthQuery.defaults()).sessions();

    assertThat(s.observed()).isFalse();
    assertThat(s.unknownReason()).isEqualTo("tmux timed out");
    assertThat(view.health(HealthQuery.defaults()).healthy()).isTrue();
  }

  @Test
  void aViewWithoutARuntimeSaysItObservedNoSessions() {
    LifelineView storeOnly = LifelineView.builder().store(h.store()).clock(h.clock()).build();

    HealthReport.Sessions s = storeOnly.sessions();

    assertThat(s.observed()).isFalse();
    assertThat(s.unknownReason()).contains("no session runtime");
  }

  @Test
  void queuedJobsBeyondTheFreeSlotsAreHeldBackForASlot() {
    h.submit(job("a"));
    h.submit(job("b"));
    h.submit(job("c"));

    List<HeldBackJob> held = view.heldBack(2);

    assertThat(held).extracting(j -> j.job().id().value() + ":" + j.reason()).containsExactly("3:MAX_CONCURRENT");
    assertThat(view.health(HealthQuery.defaults().withMaxConcurrent(1)).heldBack()).hasSize(2);
  }

  @Test
  void aRetriedJobWaitsForItsBackoff() {
    JobId id = h.submit(JobSpec.builder("run", "x").name("x").maxAttempts(2).build()).id();
    h.tick();
    h.endSession(id, 1).tick();                                    // EXITED 1: FAILED, then RETRY with a backoff
    Job queued = h.job(id);

    List<HeldBackJob> held = view.heldBack(4);

    assertThat(queued.state()).isEqualTo(JobState.QUEUED);
    assertThat(queued.notBefore()).isAfter(h.clock().instant());
    assertThat(held).singleElement().satisfies(j -> {
      assertThat(j.reason()).isEqualTo(HeldBackJob.Reason.BACKOFF);
      assertThat(j.until()).isEqualTo(queued.notBefore());
    });
    assertThat(view.health(HealthQuery.defaults().withStuckAfter(Duration.ZERO)).stuck())
        .as("a job waiting out its backoff is not stuck").isEmpty();
  }

  @Test
  void askingTheViewChangesNothing() {
    h.submit(job("a"));
    h.tick();
    supervisorHeartbeatNow();
    h.runtime().addForeignTaggedSession(JobId.of(9), 1, "ghost-9-1");
    List<Job> before = h.store().list(JobQuery.all());
    var lease = h.store().leases().current();
    int sessions = h.runtime().running().size();

    view.health(HealthQuery.defaults().withStuckAfter(Duration.ZERO));
    view.heldBack(1);

    assertThat(h.store().list(JobQuery.all())).isEqualTo(before);
    assertThat(h.store().leases().current()).isEqualTo(lease);
    assertThat(h.runtime().running()).hasSize(sessions);
    assertThat(h.runtime().stopped()).isEmpty();
  }

  @Test
  void aSessionWhoseJobRowCannotBeReadIsAProblemNotAnOrphan() {
    h.runtime().addForeignTaggedSession(JobId.of(9), 1, "job-9-1");
    h.runtime().addForeignTaggedSession(JobId.of(8), 1, "ghost-8-1");
    JobStore damaged = new DelegatingStore(h.store()) {
      @Override
      public Optional<Job> find(JobId id) {
        if (id.value() == 9) {
          throw new StoreException(StoreException.Kind.CORRUPT, "job 9 cannot be read: state 'RUNNING?' is not a "
              + "known state", null);
        }
        return super.find(id);
      }
    };

    HealthReport r = LifelineView.builder().store(damaged).runtime(h.runtime()).clock(h.clock()).build()
        .health(HealthQuery.defaults());

    assertThat(r.sessions().orphans()).extracting(HealthReport.Orphan::session).containsExactly("ghost-8-1");
    assertThat(r.problems()).singleElement().extracting(HealthProblem::message)
        .isEqualTo("job 9 cannot be read: state 'RUNNING?' is not a known state");
  }

  /** Every call goes to {@code d}. */
  private static class DelegatingStore implements JobStore {
    private final JobStore d;

    DelegatingStore(JobStore d) {
      this.d = d;
    }

    @Override
    public Inserted insert(JobSpec spec, String key, Instant now, String actor) {
      return d.insert(spec, key, now, actor);
    }

    @Override
    public Optional<Job> find(JobId id) {
      return d.find(id);
    }

    @Override
    public List<Job> list(JobQuery q) {
      return d.list(q);
    }

    @Override
    public Optional<Job> claimNext(Instant now, int max, ClaimDecider start) {
      return d.claimNext(now, max, start);
    }

    @Override
    public boolean compareAndSet(Job expected, Job next, Transition t) {
      return d.compareAndSet(expected, next, t);
    }

    @Override
    public List<Transition> history(JobId id) {
      return d.history(id);
    }

    @Override
    public Map<JobState, Long> counts() {
      return d.counts();
    }

    @Override
    public LeaseStore leases() {
      return d.leases();
    }

    @Override
    public void close() {}
  }
}
