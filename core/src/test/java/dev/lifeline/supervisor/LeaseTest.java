package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static dev.lifeline.supervisor.Specs.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.LeaseHeldException;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.LaunchException;
import dev.lifeline.spi.Lease;
import dev.lifeline.spi.LeaseStore;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.testing.LifecycleHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One supervisor per store: the lease, its takeover, and a graceful close. */
class LeaseTest {

  private static final String HOST = "test-host";
  /** Above any Linux pid_max, so no process has it. */
  private static final long DEAD_PID = Integer.MAX_VALUE;

  private static void seed(LifecycleHarness h, String host, long pid, Instant heartbeat) {
    Lease lease = new Lease(host + ":" + pid, host, pid, heartbeat, heartbeat);
    assertThat(h.store().leases().tryAcquire(lease, heartbeat, Duration.ofSeconds(30), l -> false)).isPresent();
  }

  private static LifecycleHarness harness(List<Notice> notices) {
    return LifecycleHarness.builder().supervisor(s -> s.holder(HOST, 7)).lifecycle(l -> l.listener(
        new LifelineListener() {
          @Override
          public void onNotice(Notice notice) {
            notices.add(notice);
          }
        })).build();
  }

  @Test
  void aSecondSupervisorIsRefusedNamingTheHolder() {
    LifecycleHarness h = harness(new ArrayList<>());
    seed(h, "other-host", 4242, h.clock().instant());
    JobId id = h.submit(job("waits")).id();

    assertThatThrownBy(() -> h.supervisor().run())
        .isInstanceOf(LeaseHeldException.class)
        .hasMessageContaining("other-host:4242")
        .satisfies(e -> assertThat(((LeaseHeldException) e).lease().holder()).isEqualTo("other-host:4242"));

    h.expectState(id, JobState.QUEUED);
    assertThat(h.store().leases().current()).get().extracting(Lease::holder).isEqualTo("other-host:4242");
  }

  @Test
  void aLiveHolderOnThisHostIsNotTakenOver() {
    LifecycleHarness h = harness(new ArrayList<>());
    seed(h, HOST, ProcessHandle.current().pid(), h.clock().instant());

    assertThatThrownBy(() -> h.supervisor().runOnce()).isInstanceOf(LeaseHeldException.class);
  }

  @Test
  void aStaleLeaseIsTakenOver() {
    List<Notice> notices = new ArrayList<>();
    LifecycleHarness h = harness(notices);
    Instant old = h.clock().instant();
    seed(h, "other-host", 4242, old);
    JobId id = h.submit(job("orphaned-queue")).id();
    h.advance(Duration.ofSeconds(31));

    PassReport r = h.supervisor().runOnce();

    assertThat(labels(r)).containsExactly("START", "LAUNCH");
    h.expectState(id, JobState.PROCESSING);
    assertThat(notices).first().isEqualTo(new Notice.LeaseTakenOver(h.clock().instant(), "other-host:4242", old));
    assertThat(h.store().leases().current()).isEmpty();   // ours, released after the pass
  }

  @Test
  void aFreshLeaseIsNotStale() {
    LifecycleHarness h = harness(new ArrayList<>());
    seed(h, "other-host", 4242, h.clock().instant());
    h.advance(Duration.ofSeconds(30));

    assertThatThrownBy(() -> h.supervisor().runOnce()).isInstanceOf(LeaseHeldException.class);
  }

  @Test
  void aDeadHolderOnThisHostIsTakenOverAtOnce() {
    List<Notice> notices = new ArrayList<>();
    LifecycleHarness h = harness(notices);
    seed(h, HOST, DEAD_PID, h.clock().instant());

    h.supervisor().runOnce();

    assertThat(notices).first().isInstanceOf(Notice.LeaseTakenOver.class);
    assertThat(h.store().leases().current()).isEmpty();
  }

  @Test
  void aLeaseTakenOverDuringThePassStopsTheLoop() {
    AtomicReference<LeaseStore> leases = new AtomicReference<>();
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.holder(HOST, 7))
        .lifecycle(l -> l.listener(new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent event) {   // at the START, another supervisor decides we are stale
            if (event.transition().event() != JobEvent.START) {
              return;
            }
            Instant now = event.transition().at();
            leases.get().tryAcquire(new Lease("thief:1", "thief", 1, now, now), now, Duration.ofSeconds(30),
                l -> true);
          }
        })).build();
    leases.set(h.store().leases());
    h.submit(job("contested"));

    assertThatThrownBy(() -> h.supervisor().run())
        .isInstanceOf(LeaseHeldException.class)
        .hasMessageContaining("thief:1");
    assertThat(h.store().leases().current()).get().extracting(Lease::holder).isEqualTo("thief:1");
  }

  @Test
  void closeEndsRunReleasesTheLeaseAndLeavesSessionsRunning() throws Exception {
    CountDownLatch launched = new CountDownLatch(1);
    LifecycleHarness h = LifecycleHarness.builder().supervisor(s -> s.holder(HOST, 7))
        .lifecycle(l -> l.listener(new LifelineListener() {
          @Override
          public void onTransition(TransitionEvent event) {
            if (event.transition().event() == JobEvent.START) {
              launched.countDown();
            }
          }
        })).build();
    JobId id = h.submit(job("keeps-running")).id();
    Supervisor supervisor = h.supervisor();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread loop = new Thread(() -> {
      try {
        supervisor.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    loop.start();
    assertThat(launched.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(h.store().leases().current()).get().extracting(Lease::holder).isEqualTo(HOST + ":7");

    supervisor.close();
    loop.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(loop.isAlive()).isFalse();
    assertThat(failure.get()).isNull();
    assertThat(h.store().leases().current()).isEmpty();
    assertThat(h.runtime().isRunning(id)).isTrue();
    assertThat(h.runtime().stopped()).isEmpty();
    h.expectState(id, JobState.PROCESSING);
    assertThatThrownBy(supervisor::tick).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(supervisor::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void runUntilIdleReturnsOnceNothingIsLeft() {
    LifecycleHarness h = LifecycleHarness.create();
    SessionRuntime quick = new SessionRuntime() {     // every command exits 0 as soon as it starts
      @Override
      public SessionHandle start(Job job) throws LaunchException {
        SessionHandle handle = h.runtime().start(job);
        h.runtime().exit(job.id(), 0);
        return handle;
      }

      @Override
      public Observation observeAll() {
        return h.runtime().observeAll();
      }

      @Override
      public void stop(SessionHandle handle) {
        h.runtime().stop(handle);
      }
    };
    Supervisor supervisor = Supervisor.builder().lifecycle(h.lifecycle()).runtime(quick)
        .pollInterval(Duration.ofMillis(10)).build();
    JobId a = h.submit(job("a")).id();
    JobId b = h.submit(job("b")).id();

    supervisor.runUntilIdle();

    h.expectState(a, JobState.COMPLETED);
    h.expectState(b, JobState.COMPLETED);
    assertThat(supervisor.isIdle()).isTrue();
    assertThat(h.store().leases().current()).isEmpty();
  }
}
