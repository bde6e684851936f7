package dev.lifeline.supervisor;

import static dev.lifeline.supervisor.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.testing.FakeSessionRuntime;
import dev.lifeline.testing.InMemoryJobStore;
import dev.lifeline.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A running supervisor whose poll interval is an hour starts work at once when it is made elsewhere: through another
 * store instance on the same data (another process), or through its own lifecycle from another thread; its own
 * passes never wake it. Passes are counted (one observation each), never timed.
 */
class WakeUpTest {

  private static final Duration NEVER_BY_POLLING = Duration.ofHours(1);

  private final MutableClock clock = MutableClock.startingAt2026();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final CountingRuntime runtime = new CountingRuntime(new FakeSessionRuntime(clock));
  private final LinkedBlockingQueue<JobId> started = new LinkedBlockingQueue<>();
  private final Lifecycle lifecycle = Lifecycle.builder().store(store).clock(clock).actor("supervisor")
      .listener(new LifelineListener() {
        @Override
        public void onTransition(TransitionEvent event) {
          if (event.transition().event() == JobEvent.START) {
            started.add(event.job().id());
          }
        }
      }).build();
  private final Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime)
      .pollInterval(NEVER_BY_POLLING).leaseStaleAfter(NEVER_BY_POLLING.multipliedBy(2)).holder("test-host", 1)
      .build();
  private Thread loop;

  @AfterEach
  void stop() throws InterruptedException {
    supervisor.close();
    if (loop != null) {
      loop.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(loop.isAlive()).as("close() ends the waiting loop").isFalse();
    }
  }

  @Test
  void aSubmitThroughAnotherStoreInstanceWakesTheWaitingSupervisor() throws InterruptedException {
    // Given a supervisor that has done its first pass and waits
    runInBackground();
    InMemoryJobStore elsewhere = store.sharingInstance();
    Lifecycle otherProcess = Lifecycle.builder().store(elsewhere).clock(clock).actor("other").build();

    // When another "process" submits
    JobId id = otherProcess.submit(job("from elsewhere")).job().id();

    // Then the supervisor starts it without waiting for its hour-long poll
    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo(id);
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void aCancelThroughAnotherStoreInstanceWakesItToStopTheSession() throws InterruptedException {
    runInBackground();
    JobId id = lifecycle.submit(job("to be cancelled")).job().id();
    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo(id);
    // the START commit is heard before its launch: wait for the session itself, or the cancel could come first
    awaitTrue("the session runs", () -> runtime.fake.isRunning(id));
    Lifecycle otherProcess = Lifecycle.builder().store(store.sharingInstance()).clock(clock).actor("other").build();

    otherProcess.cancel(id, "not needed", "operator");

    awaitTrue("the session is stopped", () -> !runtime.fake.isRunning(id));
    assertThat(runtime.fake.stopped()).extracting(SessionHandle::jobId).containsExactly(id);
  }

  @Test
  void aSubmitThroughItsOwnLifecycleFromAnotherThreadWakesIt() throws InterruptedException {
    runInBackground();

    JobId id = lifecycle.submit(job("in process")).job().id();

    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo(id);
  }

  @Test
  void itsOwnTransitionsHeartbeatsAndPassRecordsDoNotWakeIt() throws InterruptedException {
    // Given a waiting supervisor that has started one job after one wake-up
    runInBackground();
    Lifecycle otherProcess = Lifecycle.builder().store(store.sharingInstance()).clock(clock).actor("other").build();
    JobId first = otherProcess.submit(job("first")).job().id();
    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo(first);

    // When a second job comes the same way
    JobId second = otherProcess.submit(job("second")).job().id();
    assertThat(started.poll(30, TimeUnit.SECONDS)).isEqualTo(second);

    // Then there was one pass to begin with and at most one per wake-up (one fewer when the second submit lands
    // during the pass that started the first, one more when a wake-up lands during a pass); a supervisor woken by
    // its own writes would pass again and again, thousands of times in the same while
    assertThat(runtime.passes()).isBetween(2, 5);
  }

  /** Runs the supervisor on its own thread and returns once its first pass is recorded. */
  private void runInBackground() {
    loop = new Thread(supervisor::run, "supervisor-under-test");
    loop.start();
    awaitTrue("the first pass", () -> supervisor.lastPass().isPresent());
  }

  /** Awaits a condition the test cannot be told about, checking every millisecond, for at most 30 s. */
  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("within 30 s: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** The fake runtime, counting observations: the supervisor observes once per pass. */
  private static final class CountingRuntime implements SessionRuntime {
    final FakeSessionRuntime fake;
    private final AtomicInteger observations = new AtomicInteger();

    CountingRuntime(FakeSessionRuntime fake) {
      this.fake = fake;
    }

    int passes() {
      return observations.get();
    }

    @Override
    public SessionHandle start(dev.lifeline.Job job) throws dev.lifeline.spi.LaunchException {
      return fake.start(job);
    }

    @Override
    public Observation observeAll() {
      observations.incrementAndGet();
      return fake.observeAll();
    }

    @Override
    public void stop(SessionHandle handle) {
      fake.stop(handle);
    }
  }
}
