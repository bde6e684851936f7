import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The floor for a file-watch wake-up (BENCHMARKS §6.2): a raw {@link WatchService} on a directory, a watcher thread
 * blocked in {@code take()}, and a writer that appends to a file in it at random intervals. Prints one delay per
 * line, in microseconds, from just before the write to the moment the watcher thread has the event.
 *
 * <p>Usage: {@code java examples/bench/WatchLatency.java DIR SAMPLES} (DIR must exist; one file is written in it).
 */
public final class WatchLatency {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int samples = Integer.parseInt(args[1]);
    Path file = dir.resolve("touched");
    SynchronousQueue<Long> seen = new SynchronousQueue<>();
    try (WatchService ws = FileSystems.getDefault().newWatchService()) {
      dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      Thread watcher = new Thread(() -> {
        try {
          while (true) {
            WatchKey k = ws.take();
            long at = System.nanoTime();
            k.pollEvents();
            k.reset();
            seen.put(at);
          }
        } catch (Exception e) {
          // closed: done
        }
      }, "watcher");
      watcher.setDaemon(true);
      watcher.start();
      for (int i = -5; i < samples; i++) { // five warm-up writes, not printed
        // A benchmark, not a test: a random gap between samples, so the writes keep no rhythm with the watcher.
        Thread.sleep(ThreadLocalRandom.current().nextLong(20, 200));
        long before = System.nanoTime();
        Files.writeString(file, Long.toString(before));
        Long at = seen.poll(5, TimeUnit.SECONDS);
        if (at == null) {
          System.err.println("no event within 5 s");
          continue;
        }
        // One write may raise two events (create/modify); drain the second before the next sample.
        while (seen.poll(20, TimeUnit.MILLISECONDS) != null) { }
        if (i >= 0) {
          System.out.println((at - before) / 1_000);
        }
      }
    }
  }
}
