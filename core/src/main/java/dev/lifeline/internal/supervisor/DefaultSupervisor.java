package dev.lifeline.internal.supervisor;

import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.event.Notice;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link Supervisor} behind {@link Supervisor#builder()}. Thread-safe: passes run one at a time. */
public final class DefaultSupervisor implements Supervisor {

  private enum Until { CLOSED, ONE_PASS, IDLE }

  private final SupervisorSettings settings;
  private final Listeners listeners;
  private final VerifierCatalog catalog;
  private final Executor executor;
  private final ExecutorService ownedPool;
  private final LeaseKeeper lease;
  private final Memory memory = new Memory();

  private final ReentrantLock passLock = new ReentrantLock();
  private final Object waitLock = new Object();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean closing;
  private volatile boolean closed;
  private volatile Thread loopThread;
  private volatile CountDownLatch loopEnded;
  private boolean waiting; // guarded by waitLock
  private volatile PassReport lastPass;

  public DefaultSupervisor(SupervisorSettings settings) {
    this.settings = settings;
    this.listeners = new Listeners(settings.listeners());
    this.catalog = new VerifierCatalog(VerifierCatalog.registeredOn(settings.lifecycle()), settings.verifierTimeout());
    if (settings.verifierExecutor() != null) {
      this.executor = settings.verifierExecutor();
      this.ownedPool = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.ownedPool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lifeline-verifier-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.executor = ownedPool;
    }
    this.lease = new LeaseKeeper(settings, listeners);
  }

  @Override
  public PassReport tick() {
    passLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the supervisor is closed");
      }
      PassReport report = new Pass(settings, memory, listeners, catalog, executor, false).run();
      lastPass = report;
      return report;
    } finally {
      passLock.unlock();
    }
  }

  @Override
  public PassReport plan() {
    passLock.lock();
    try {
      return new Pass(settings, memory, listeners, catalog, executor, true).run();
    } finally {
      passLock.unlock();
    }
  }

  @Override
  public void run() {
    loop(Until.CLOSED);
  }

  @Override
  public PassReport runOnce() {
    return loop(Until.ONE_PASS);
  }

  @Override
  public void runUntilIdle() {
    loop(Until.IDLE);
  }

  private PassReport loop(Until until) {
    if (closing) {
      throw new IllegalStateException("the supervisor is closed");
    }
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("the supervisor is already running");
    }
    CountDownLatch ended = new CountDownLatch(1);
    loopEnded = ended;
    loopThread = Thread.currentThread();
    PassReport report = null;
    boolean interrupted = false;
    try {
      lease.acquire();
      try {
        while (!closing) {
          boolean idle = false;
          try {
            report = tick();
            idle = until == Until.IDLE && isIdle();
          } catch (RuntimeException e) {
            if (until == Until.ONE_PASS || closing) {
              throw e;
            }
            listeners.notice(new Notice.PassFailed(settings.lifecycle().clock().instant(),
                VerificationRun.describe(e)));
          }
          lease.heartbeat();
          if (until == Until.ONE_PASS || idle) {
            break;
          }
          if (!awaitNextPass(nextWait(report))) {
            interrupted = true;
            break;
          }
        }
      } finally {
        try {
          lease.release();
        } catch (RuntimeException e) {
          listeners.notice(new Notice.PassFailed(settings.lifecycle().clock().instant(),
              "releasing the lease failed: " + VerificationRun.describe(e)));
        }
      }
    } finally {
      loopThread = null;
      running.set(false);
      ended.countDown();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return report;
  }

  /**
   * The longest wait before the next pass: the poll interval, or {@link #CONFIRM_AFTER} when the pass saw a session
   * missing, so the confirming observation (LOST needs DEAD on consecutive passes) does not wait a whole poll
   * interval — nothing in the runtime would wake the loop for it.
   */
  Duration nextWait(PassReport report) {
    Duration poll = settings.pollInterval();
    if (report != null && !report.notices(Notice.SessionMissing.class).isEmpty() && CONFIRM_AFTER.compareTo(poll) < 0) {
      return CONFIRM_AFTER;
    }
    return poll;
  }

  /** How soon a pass that saw a session missing is followed by the pass that may confirm it. */
  static final Duration CONFIRM_AFTER = Duration.ofMillis(250);

  /**
   * Waits for a runtime change, or the rest of {@code poll} when the runtime cannot signal changes.
   *
   * @return false when the thread was interrupted by someone other than {@link #close()}
   */
  private boolean awaitNextPass(Duration poll) {
    long deadline = System.nanoTime() + poll.toNanos();
    synchronized (waitLock) {
      if (closing) {
        return true;
      }
      waiting = true;
    }
    boolean changed = false;
    try {
      changed = settings.runtime().awaitChange(poll);
    } catch (InterruptedException e) {
      return closing;
    } catch (RuntimeException e) {
      changed = false; // a runtime that cannot wait: fall back to the poll interval
    } finally {
      synchronized (waitLock) {
        waiting = false;
      }
      if (closing) {
        Thread.interrupted(); // close() may have interrupted the wait: not the caller's interrupt
      }
    }
    if (changed) {
      return true;
    }
    synchronized (waitLock) {
      try {
        long left;
        while (!closing && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(waitLock, left);
        }
      } catch (InterruptedException e) {
        return closing;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closing = true;
    Thread t;
    synchronized (waitLock) {
      t = loopThread;
      waitLock.notifyAll();
      if (waiting && t != null) {
        t.interrupt();
      }
    }
    long bound = System.nanoTime() + settings.leaseStaleAfter().toNanos();
    CountDownLatch ended = loopEnded;
    boolean locked = false;
    try {
      if (ended != null && t != null && t != Thread.currentThread()) {
        ended.await(bound - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      locked = passLock.tryLock(Math.max(0, bound - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    if (locked) {
      try {
        memory.cancelVerifications();
      } finally {
        passLock.unlock();
      }
    }
    if (ownedPool != null) {
      ownedPool.shutdownNow();
    }
  }

  @Override
  public boolean isIdle() {
    Map<JobState, Long> counts = settings.lifecycle().counts();
    long active = counts.getOrDefault(JobState.QUEUED, 0L) + counts.getOrDefault(JobState.PROCESSING, 0L)
        + counts.getOrDefault(JobState.VERIFICATION, 0L);
    if (active > 0) {
      return false;
    }
    if (counts.getOrDefault(JobState.FAILED, 0L) == 0) {
      return true;
    }
    for (Job job : settings.lifecycle().list(Set.of(JobState.FAILED), Integer.MAX_VALUE)) {
      if (Pass.retryPending(job)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<PassReport> lastPass() {
    return Optional.ofNullable(lastPass);
  }

  @Override
  public String holder() {
    return settings.holder();
  }
}
