package dev.lifeline.internal.supervisor;

import dev.lifeline.Idle;
import dev.lifeline.Job;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.PassReport;
import dev.lifeline.Supervisor;
import dev.lifeline.event.Notice;
import dev.lifeline.spi.JobQuery;
import dev.lifeline.spi.JobStore;
import dev.lifeline.spi.UnreadableRow;
import java.time.Duration;
import java.util.List;
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
import java.util.function.Consumer;

/** The {@link Supervisor} behind {@link Supervisor#builder()}. Thread-safe: passes run one at a time. */
public final class DefaultSupervisor implements Supervisor {

  private enum Until { CLOSED, ONE_PASS, IDLE }

  /** No deadline. */
  private static final long NEVER = Long.MAX_VALUE;

  private final SupervisorSettings settings;
  private final JobStore store;
  private final Listeners listeners;
  private final VerifierCatalog catalog;
  private final Executor executor;
  private final ExecutorService ownedPool;
  private final LeaseKeeper lease;
  private final Memory memory = new Memory();
  private final ExecutorService ownedHookPool;
  private final Courier courier;
  /** When the next notification waiting for a retry is due, as the last pass saw it; {@code null} when none. */
  private volatile java.time.Instant nextDelivery;

  private final ReentrantLock passLock = new ReentrantLock();
  private final Object waitLock = new Object();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean closing;
  private volatile boolean closed;
  private volatile Thread loopThread;
  private volatile CountDownLatch loopEnded;
  private boolean waiting; // guarded by waitLock
  private volatile PassReport lastPass;
  private volatile Wakeups wakeups;

  public DefaultSupervisor(SupervisorSettings settings) {
    this.settings = settings;
    this.store = LifecycleParts.store(settings.lifecycle());
    this.listeners = new Listeners(LifecycleParts.listeners(settings.lifecycle()));
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
    this.lease = new LeaseKeeper(settings, store.leases(), listeners);
    Executor hooks;
    if (settings.hookExecutor() != null) {
      hooks = settings.hookExecutor();
      this.ownedHookPool = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.ownedHookPool = Executors.newFixedThreadPool(SupervisorSettings.HOOKS_IN_FLIGHT, r -> {
        Thread t = new Thread(r, "lifeline-hook-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      hooks = ownedHookPool;
    }
    this.courier = new Courier(store, settings.hookSender(), hooks, SupervisorSettings.HOOKS_IN_FLIGHT,
        settings.hookTries(), settings.hookBackoff(), settings.lifecycle().clock(), listeners, () -> {
          Wakeups w = wakeups;
          if (w != null) {
            w.signal();
          }
        });
  }

  @Override
  public PassReport tick() {
    passLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the supervisor is closed");
      }
      Lifecycle lifecycle = settings.lifecycle();
      PassReport report;
      try {
        report = Pass.run(new PassContext(settings, lifecycle, store, settings.runtime(), memory, listeners, catalog,
            executor));
      } catch (RuntimeException e) {
        recordPass(lifecycle.clock().instant(), "the pass stopped: " + PassContext.sentence(e));
        throw e;
      }
      recordPass(report.at(), report.problem());
      lastPass = report;
      deliver();
      return report;
    } finally {
      passLock.unlock();
    }
  }

  /** Hands the due notifications to the hook pool, after the pass has committed; a failure is a notice. */
  private void deliver() {
    java.time.Instant now = settings.lifecycle().clock().instant();
    try {
      nextDelivery = courier.dispatch(now).orElse(null);
    } catch (RuntimeException e) {
      listeners.notice(new Notice.PassFailed(now, "delivering notifications failed: " + PassContext.sentence(e)));
    }
  }

  /** Records how the pass ended with the lease (kept only while this supervisor holds it). */
  private void recordPass(java.time.Instant at, String problem) {
    try {
      store.leases().recordPass(settings.holder(), at, problem);
    } catch (RuntimeException e) {
      listeners.notice(new Notice.PassFailed(at, "recording the pass failed: " + PassContext.sentence(e)));
    }
  }

  /**
   * The same pass as {@link #tick()}, run against a {@link PlanningStore} over the real store and a
   * {@link PlanningRuntime} over the real runtime, on a copy of this supervisor's memory, with verifiers that are
   * recorded but never run and no listener: so it writes, starts, stops and tells nothing.
   */
  @Override
  public PassReport plan() {
    passLock.lock();
    try {
      PlanningStore planned = new PlanningStore(store);
      Lifecycle lifecycle = LifecycleParts.over(settings.lifecycle(), planned);
      PlanningRuntime runtime = new PlanningRuntime(settings.runtime(), lifecycle.clock());
      return Pass.run(new PassContext(settings, lifecycle, planned, runtime, memory.copyForPlan(),
          Listeners.none(), catalog, task -> { })).asPlan();
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
    loop(Until.IDLE, Idle.NOTHING_ACTIVE, NEVER);
  }

  @Override
  public boolean runUntilIdle(Duration timeout, Idle idle) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    java.util.Objects.requireNonNull(idle, "idle");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = NEVER;
    }
    long start = System.nanoTime();
    long deadline = nanos >= NEVER - Math.max(0, start) ? NEVER : start + nanos;
    idleReached = false;
    loop(Until.IDLE, idle, deadline);
    return idleReached;
  }

  private PassReport loop(Until until) {
    return loop(until, Idle.NOTHING_ACTIVE, NEVER);
  }

  /** Set by the loop when an {@link Until#IDLE} loop ended because the store was idle. */
  private volatile boolean idleReached;

  private PassReport loop(Until until, Idle idleMeans, long deadline) {
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
    Runnable unsubscribe = () -> { };
    try {
      if (until != Until.ONE_PASS) {
        unsubscribe = startWakeups();
      }
      lease.acquire();
      try {
        while (!closing) {
          boolean idle = false;
          try {
            report = tick();
            idle = until == Until.IDLE && isIdle(idleMeans);
            if (until != Until.ONE_PASS && isDrained()) {
              idle = true; // a drain that has run its course ends the loop as idleness does
            }
          } catch (RuntimeException e) {
            if (until == Until.ONE_PASS || closing) {
              throw e;
            }
            listeners.notice(new Notice.PassFailed(settings.lifecycle().clock().instant(),
                VerificationRun.describe(e)));
          }
          lease.heartbeat();
          if (idle) {
            idleReached = true;
            break;
          }
          if (until == Until.ONE_PASS || (deadline != NEVER && System.nanoTime() - deadline >= 0)) {
            break;
          }
          if (!awaitNextPass(bounded(nextWait(report), deadline))) {
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
      unsubscribe.run();
      stopWakeups();
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
    java.time.Instant retry = nextDelivery;
    if (retry != null) {
      Duration untilRetry = Duration.between(settings.lifecycle().clock().instant(), retry);
      if (untilRetry.compareTo(poll) < 0) {
        poll = untilRetry.isNegative() ? Duration.ZERO : untilRetry;
      }
    }
    if (report != null && !report.notices(Notice.SessionMissing.class).isEmpty() && CONFIRM_AFTER.compareTo(poll) < 0) {
      return CONFIRM_AFTER;
    }
    return poll;
  }

  /** {@code wait}, but no longer than until {@code deadline} (a {@link System#nanoTime()}). */
  private static Duration bounded(Duration wait, long deadline) {
    if (deadline == NEVER) {
      return wait;
    }
    long left = Math.max(0, deadline - System.nanoTime());
    return left < wait.toNanos() ? Duration.ofNanos(left) : wait;
  }

  /** How soon a pass that saw a session missing is followed by the pass that may confirm it. */
  static final Duration CONFIRM_AFTER = Duration.ofMillis(250);

  /**
   * Starts listening for what should end a wait early: the runtime's {@code awaitChange}, the store's when it
   * {@linkplain JobStore#signalsChanges() signals} (writes by other processes), and commits through this
   * supervisor's own lifecycle made outside its passes (a submit or an operator verb in this process, which the
   * store does not signal to itself). The pass's own transitions, on the thread holding the pass lock, do not wake
   * it.
   *
   * @return unsubscribes from the lifecycle
   */
  private Runnable startWakeups() {
    Duration poll = settings.pollInterval();
    Wakeups w = new Wakeups(poll.compareTo(WAKEUP_SLICE) < 0 ? poll : WAKEUP_SLICE);
    wakeups = w;
    w.watch("lifeline-wakeup-runtime", settings.runtime()::awaitChange);
    if (store.signalsChanges()) {
      w.watch("lifeline-wakeup-store", store::awaitChange);
    }
    return LifecycleParts.onCommit(settings.lifecycle(), () -> {
      if (!passLock.isHeldByCurrentThread()) {
        w.signal();
      }
    });
  }

  private void stopWakeups() {
    Wakeups w = wakeups;
    wakeups = null;
    if (w != null) {
      w.close();
    }
  }

  /** How long a wake-up source is asked to wait at a time (at most the poll interval). */
  static final Duration WAKEUP_SLICE = Duration.ofSeconds(1);

  /**
   * Waits for a signal from the runtime, the store or the own lifecycle, or for {@code poll} (the backstop).
   *
   * @return false when the thread was interrupted by someone other than {@link #close()}
   */
  private boolean awaitNextPass(Duration poll) {
    synchronized (waitLock) {
      if (closing) {
        return true;
      }
      waiting = true;
    }
    try {
      Wakeups w = wakeups;
      if (w != null) {
        w.await(poll);
      }
    } catch (InterruptedException e) {
      return closing;
    } finally {
      synchronized (waitLock) {
        waiting = false;
      }
      if (closing) {
        Thread.interrupted(); // close() may have interrupted the wait: not the caller's interrupt
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
    Wakeups w = wakeups;
    if (w != null) {
      w.close();
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
    if (ownedHookPool != null) {
      ownedHookPool.shutdownNow(); // a try cut short stays PENDING: the next supervisor delivers it
    }
  }

  @Override
  public boolean isIdle() {
    return isIdle(Idle.NOTHING_ACTIVE);
  }

  @Override
  public boolean isDrained() {
    if (!store.controls().draining() || !courier.quiet(settings.lifecycle().clock().instant())) {
      return false;
    }
    if (store.count(JobState.PROCESSING) > 0 && anyReadable(Set.of(JobState.PROCESSING))) {
      return false;
    }
    return store.count(JobState.VERIFICATION) == 0 || allAwaitOperator()
        || !anyReadable(Set.of(JobState.VERIFICATION));
  }

  /**
   * Idle: nothing this supervisor can act on is left. Counts of the active states come first (cheap, from an
   * index); rows are then read with {@code listReadable}, so a row that cannot be decoded (skipped by every pass with
   * a notice) never keeps {@code runUntilIdle} from returning. FAILED jobs are read only where a retry is pending, so
   * the cost follows live work, not history.
   */
  private boolean isIdle(Idle idleMeans) {
    if (!courier.quiet(settings.lifecycle().clock().instant())) {
      return false; // a notification is being tried, or is due: delivered before the supervisor ends
    }
    if (store.count(JobState.QUEUED) + store.count(JobState.PROCESSING) > 0
        && anyReadable(Set.of(JobState.QUEUED, JobState.PROCESSING))) {
      return false;
    }
    if (store.count(JobState.VERIFICATION) > 0
        && (idleMeans != Idle.OPERATOR_WAITS_ONLY || !allAwaitOperator())
        && anyReadable(Set.of(JobState.VERIFICATION))) {
      return false;
    }
    return !anyReadable((limit, skipped) -> store.listRetryable(limit, skipped));
  }

  /** The decodable rows in {@code states}; rows that cannot be read are left to the pass, which reports them. */
  private List<Job> readable(Set<JobState> states, int limit) {
    return store.listReadable(new JobQuery(states, limit), row -> { });
  }

  private boolean anyReadable(Set<JobState> states) {
    return anyReadable((limit, skipped) -> store.listReadable(new JobQuery(states, limit), skipped));
  }

  /**
   * Whether {@code read} has a decodable row. Reads one row first; only when every row read so far was undecodable
   * does it read again with twice the limit, so damaged rows neither keep a supervisor busy nor hide a live one.
   */
  static boolean anyReadable(LimitedRead read) {
    for (int limit = 1; ; limit = limit >= Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : limit * 2) {
      int[] skipped = {0};
      if (!read.read(limit, row -> skipped[0]++).isEmpty()) {
        return true;
      }
      if (skipped[0] < limit || limit == Integer.MAX_VALUE) {
        return false;
      }
    }
  }

  /** A read of at most {@code limit} rows that reports the undecodable ones to {@code skipped}. */
  @FunctionalInterface
  interface LimitedRead {
    List<Job> read(int limit, Consumer<UnreadableRow> skipped);
  }

  /** True when every readable VERIFICATION job waits for an operator, as this supervisor's last pass saw it. */
  private boolean allAwaitOperator() {
    passLock.lock();
    try {
      for (Job job : readable(Set.of(JobState.VERIFICATION), Integer.MAX_VALUE)) {
        if (!memory.awaitingOperator.contains(AttemptKey.of(job))) {
          return false;
        }
      }
      return true;
    } finally {
      passLock.unlock();
    }
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
