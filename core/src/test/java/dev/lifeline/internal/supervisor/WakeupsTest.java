package dev.lifeline.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The supervisor's wait: ended by any source's signal, keeping a signal raised while nobody waits. */
class WakeupsTest {

  @Test
  void aSignalRaisedWhileNobodyWaitsEndsTheNextWaitAndOnlyThatOne() throws InterruptedException {
    try (Wakeups w = new Wakeups(Duration.ofHours(1))) {
      w.signal();
      w.signal();

      assertThat(w.await(Duration.ofHours(1))).isTrue();
      assertThat(w.await(Duration.ofMillis(10))).as("two signals before a wait end one wait").isFalse();
    }
  }

  @Test
  void aSourceReportingAChangeEndsTheWait() throws InterruptedException {
    Semaphore change = new Semaphore(0);
    try (Wakeups w = new Wakeups(Duration.ofHours(1))) {
      w.watch("test-source", timeout -> change.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS));

      change.release();

      assertThat(w.await(Duration.ofHours(1))).isTrue();
    }
  }

  @Test
  void closingEndsAWaitWithoutASignalAndStopsTheSourceThreads() throws InterruptedException {
    CountDownLatch sourceWaits = new CountDownLatch(1);
    CountDownLatch sourceEnded = new CountDownLatch(1);
    AtomicBoolean woken = new AtomicBoolean(true);
    Wakeups w = new Wakeups(Duration.ofHours(1));
    w.watch("test-source", timeout -> {
      sourceWaits.countDown();
      try {
        Thread.sleep(timeout.toMillis());
        return false;
      } finally {
        sourceEnded.countDown();
      }
    });
    sourceWaits.await();
    Thread waiter = new Thread(() -> {
      try {
        woken.set(w.await(Duration.ofHours(1)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    waiter.start();

    w.close();
    waiter.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(waiter.isAlive()).isFalse();
    assertThat(woken).as("a closed wait reports no change").isFalse();
    assertThat(sourceEnded.await(30, TimeUnit.SECONDS)).as("the source's thread was interrupted").isTrue();
  }
}
