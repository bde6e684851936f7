package dev.lifeline.sqlite;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells {@link SqliteJobStore#awaitChange} that another connection (another process, another store on the file)
 * committed: a {@link WatchService} on the database's directory, filtered to the database file and its
 * {@code -wal} (created or modified: a commit appends to the WAL, a checkpoint writes the file, the WAL is created
 * again after the last connection closed it), then {@code PRAGMA data_version} on the store's own writing
 * connection, which changes only for commits by other connections. So this store's own transitions, heartbeats
 * and pass records cost one pragma each and never wake a waiter. A store opened read-only (which never writes)
 * reads the version on its reading connection instead, so it opens no writer; every change there is another's.
 *
 * <p>A commit made while nobody waits is not lost: the version is compared with the last one a waiter saw (at
 * first, the one the writing connection had when it opened), so the next wait returns at once. The watch starts
 * with the first wait; it opens no file and follows no link (the directory is the database's real one). On Linux
 * the JDK uses inotify (a wake-up in about a millisecond); elsewhere it may poll every few seconds, which is still
 * sooner than a long poll interval. Thread-safe; a change wakes at least one of several waiters.
 */
final class CommitWatcher implements AutoCloseable {

  private static final int UNSEEN = Integer.MIN_VALUE;

  private final Database db;
  private final Path dir;
  private final String file;
  private final String wal;
  private final Object watchLock = new Object();
  private final AtomicInteger seen = new AtomicInteger(UNSEEN);
  private WatchService service; // guarded by watchLock
  private WatchKey key; // guarded by watchLock
  private boolean closed; // guarded by watchLock

  private final boolean onReader;

  /**
   * @param onReader read {@code data_version} on the reading connection (a store that never writes), from its
   *     value now; otherwise on the writing connection, from its value when it was opened
   */
  CommitWatcher(Database db, Path file, boolean onReader) {
    this.db = db;
    this.dir = file.getParent();
    this.file = file.getFileName().toString();
    this.wal = this.file + "-wal";
    this.onReader = onReader;
    if (onReader) {
      seen.set(db.readerDataVersion());
    }
  }

  private int version() {
    return onReader ? db.readerDataVersion() : db.dataVersion();
  }

  /**
   * Waits up to {@code timeout} for a commit by another connection.
   *
   * @return true when one was committed since the last call that returned true (or since the writer opened)
   */
  boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + nanos(timeout);
    WatchService watching = watching();
    if (watching == null) {
      return false;
    }
    seen.compareAndSet(UNSEEN, db.dataVersionAtWriterOpen());
    while (true) {
      if (changedSinceSeen()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !awaitEvent(watching, left)) {
        return false;
      }
      // The event is a write to the WAL; the commit it belongs to becomes visible a moment later (when the writer
      // updates the shared-memory index, which raises no event), so look again a few times before waiting on. A
      // transaction writes several pages, its commit record last: a later write ends a pause at once and the looks
      // start over, so the commit is seen within a fraction of a millisecond of its last write.
      int restarts = 0;
      for (int k = 0; k < SETTLE_NANOS.length; k++) {
        if (changedSinceSeen()) {
          return true;
        }
        left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (awaitEvent(watching, Math.min(SETTLE_NANOS[k], left)) && restarts++ < MAX_RESTARTS) {
          k = -1;
        }
      }
    }
  }

  /**
   * The pauses between the looks after an event: a commit's last WAL write precedes its visibility by microseconds
   * with {@code synchronous=NORMAL} and by the WAL's fsync with {@code FULL}. About 0.2 s in all; a commit seen
   * later still is seen by the next call, which compares the version first.
   */
  private static final long[] SETTLE_NANOS = {250_000, 1_000_000, 4_000_000, 16_000_000, 64_000_000, 128_000_000};

  /** How often one wait starts its looks over on further writes, so a stream of events cannot keep it spinning. */
  private static final int MAX_RESTARTS = 256;

  /** Whether the version moved since a waiter last saw it; if so, records it as seen (one waiter wins). */
  private boolean changedSinceSeen() {
    int before = seen.get();
    int now = version();
    return now != before && seen.compareAndSet(before, now);
  }

  /** Waits for an event on the database file or its WAL; false on timeout or when closed. */
  private boolean awaitEvent(WatchService watching, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    try {
      for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
        WatchKey signalled = watching.poll(left, TimeUnit.NANOSECONDS);
        if (signalled == null) {
          return false;
        }
        boolean relevant = false;
        for (WatchEvent<?> e : signalled.pollEvents()) {
          relevant |= e.kind() == StandardWatchEventKinds.OVERFLOW || isOurs(e.context());
        }
        if (!signalled.reset()) {
          return true; // the directory went away: let the caller look (and the poll interval back it up)
        }
        if (relevant) {
          return true;
        }
      }
      return false;
    } catch (ClosedWatchServiceException e) {
      return false;
    }
  }

  private boolean isOurs(Object context) {
    if (!(context instanceof Path p)) {
      return false;
    }
    String name = p.toString();
    return name.equals(file) || name.equals(wal);
  }

  /** The watch service, registered on the directory (again, when the directory was replaced); null when closed. */
  private WatchService watching() {
    synchronized (watchLock) {
      if (closed) {
        return null;
      }
      try {
        if (service == null) {
          service = FileSystems.getDefault().newWatchService();
        }
        if ((key == null || !key.isValid()) && Files.isDirectory(dir)) {
          key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        }
        return service;
      } catch (IOException | ClosedWatchServiceException e) {
        return service; // no events: each wait times out and compares the version once
      }
    }
  }

  private static long nanos(Duration timeout) {
    try {
      return Math.max(0, timeout.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  /** Stops watching; a current wait returns false. Idempotent. */
  @Override
  public void close() {
    synchronized (watchLock) {
      closed = true;
      if (service != null) {
        try {
          service.close();
        } catch (IOException e) {
          // nothing is left to release
        }
      }
    }
  }
}
