package dev.lifeline.internal.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What ends the supervisor's wait between passes: a signal from any of its sources (the runtime's
 * {@code awaitChange}, the store's, a write through its own lifecycle), or the poll interval as the backstop.
 *
 * <p>Each source that can block gets one daemon thread that waits on it in a loop and raises the signal when it
 * reports a change; {@link #signal()} raises it directly. A signal raised while nobody waits is kept until the next
 * {@link #await}, and any number of signals before it end one wait, so a burst of changes costs one pass. A source
 * that returns {@code false} before its timeout (one that cannot wait) is asked again only after the rest of that
 * timeout, so it never spins. {@link #close()} interrupts the threads and ends a wait at once. Thread-safe.
 */
final class Wakeups implements AutoCloseable {

  /** A source of change signals: blocks up to the timeout, true when something changed. */
  @FunctionalInterface
  interface Source {
    boolean await(Duration timeout) throws InterruptedException;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition raised = lock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private final Duration slice;
  private boolean signalled; // guarded by lock
  private volatile boolean closed;

  /**
   * @param slice how long each source is asked to wait at a time (how soon a closed source thread notices at the
   *     latest, should its source ignore interrupts)
   */
  Wakeups(Duration slice) {
    this.slice = slice.isZero() || slice.isNegative() ? Duration.ofMillis(1) : slice;
  }

  /** Starts a daemon thread named {@code name} that waits on {@code source} until {@link #close()}. */
  synchronized void watch(String name, Source source) {
    if (closed) {
      return;
    }
    Thread t = new Thread(() -> listen(source), name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void listen(Source source) {
    while (!closed) {
      long start = System.nanoTime();
      boolean changed;
      try {
        changed = source.await(slice);
      } catch (InterruptedException e) {
        continue; // close() interrupts; the loop condition ends the thread
      } catch (RuntimeException e) {
        changed = false; // a source that cannot wait: the poll interval is the backstop
      }
      if (changed) {
        signal();
        continue;
      }
      long left = slice.toNanos() - (System.nanoTime() - start);
      if (left > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(left);
        } catch (InterruptedException e) {
          // closing
        }
      }
    }
  }

  /** Raises the signal: the current wait ends, or the next one returns at once. */
  void signal() {
    lock.lock();
    try {
      signalled = true;
      raised.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a signal is raised (consuming it), {@code timeout} passes or {@link #close()} is called.
   *
   * @return true when woken by a signal
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean await(Duration timeout) throws InterruptedException {
    long left;
    try {
      left = timeout.toNanos();
    } catch (ArithmeticException e) {
      left = Long.MAX_VALUE;
    }
    lock.lockInterruptibly();
    try {
      while (!signalled && !closed && left > 0) {
        left = raised.awaitNanos(left);
      }
      boolean woken = signalled;
      signalled = false;
      return woken;
    } finally {
      lock.unlock();
    }
  }

  /** Stops every source thread and ends a wait. Idempotent. */
  @Override
  public void close() {
    List<Thread> started;
    synchronized (this) {
      closed = true;
      started = List.copyOf(threads);
    }
    for (Thread t : started) {
      t.interrupt();
    }
    lock.lock();
    try {
      raised.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
