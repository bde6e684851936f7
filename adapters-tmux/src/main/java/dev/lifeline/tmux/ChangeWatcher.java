package dev.lifeline.tmux;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches the exit directory: an exit file renamed into place by the wrapper, or the wake file touched by a tmux
 * hook, wakes {@link #await}. Events that arrive while nobody waits are kept until the next {@link #await}, so a
 * change between an observation and the next wait is not lost. On Linux the JDK uses inotify (milliseconds);
 * elsewhere it may poll every few seconds. Thread-safe.
 */
final class ChangeWatcher implements AutoCloseable {

  private final Path dir;
  private final WatchService service;
  private volatile WatchKey key;

  private ChangeWatcher(Path dir, WatchService service) throws IOException {
    this.dir = dir;
    this.service = service;
    register();
  }

  static ChangeWatcher open(Path dir) throws IOException {
    WatchService service = FileSystems.getDefault().newWatchService();
    try {
      return new ChangeWatcher(dir, service);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void register() throws IOException {
    key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
  }

  /**
   * Waits up to {@code timeout} for a change.
   *
   * @return true when something changed, false on timeout or when the watcher is closed
   */
  boolean await(Duration timeout) throws InterruptedException {
    if (!key.isValid() && Files.isDirectory(dir)) {
      try {
        register();
      } catch (IOException | ClosedWatchServiceException e) {
        return false;
      }
    }
    try {
      WatchKey signalled = service.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
      if (signalled == null) {
        return false;
      }
      while (signalled != null) {
        signalled.pollEvents();
        signalled.reset();
        signalled = service.poll();
      }
      return true;
    } catch (ClosedWatchServiceException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      // nothing is left to release
    }
  }
}
