package dev.lifeline.bench.supervisor;

import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.Notice;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.spi.SessionRuntime;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Detection latency of a supervisor with default settings (poll 2 s, lostAfter 2, start grace 5 s) on real tmux and a
 * real SQLite file, with events (tmux hooks and the exit-file watch wake {@code run()}) and with events off (the
 * runtime's {@code awaitChange} switched off: poll only).
 *
 * <ul>
 *   <li><b>Exit → row</b>: each job sleeps a random 1–15 s, writes the wall-clock time in ns, and exits 0; measured
 *       until the listener hears EXITED (called after the commit). Next to it, the ceiling: when a plain
 *       {@code WatchService} in the same process saw the exit file (the signal the supervisor reads) appear.
 *   <li><b>Kill → row</b>: a running job's session is killed from outside ({@code kill-session -t =NAME}) at a
 *       random moment; measured from just before the kill until the listener hears LOST. Next to it: until the first
 *       pass that found the session missing (the {@code SessionMissing} notice). LOST needs a second DEAD
 *       observation, so it cannot come sooner than the next pass after that one.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.lifeline.bench.supervisor.DetectionLatencyBench [EXITS [KILLS]]}
 * (defaults 40 and 12; about 70 s per mode). Uses a private socket per mode and kills only that server. A main;
 * not thread-safe.
 */
public final class DetectionLatencyBench {

  private enum Mode { EVENTS, POLL_ONLY }

  private final Random random = new Random(7);

  private DetectionLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int exits = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int kills = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    System.out.println("detection latency, ms; load average before: " + loadAverage());
    DetectionLatencyBench bench = new DetectionLatencyBench();
    for (Mode mode : Mode.values()) {
      bench.measure(mode, exits, kills);
    }
    System.out.println("load average after: " + loadAverage());
  }

  private void measure(Mode mode, int exits, int kills) throws Exception {
    Path dir = Files.createTempDirectory("lifeline-bench-latency");
    Path db = dir.resolve("jobs.db");
    String socket = "lifeline-bench-" + UUID.randomUUID().toString().substring(0, 8);
    TmuxSessionRuntime tmux = TmuxSessionRuntime.builder().socket(socket)
        .runDirectory(dir.resolve("jobs.db.runs")).build();
    SessionRuntime runtime = mode == Mode.EVENTS ? tmux : new PollOnlyRuntime(tmux);
    Recorder recorder = new Recorder();
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).listener(recorder).build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).maxConcurrent(500).build();
      Thread loop = new Thread(supervisor::run, "bench-supervisor");
      loop.start();
      try {
        exitPhase(mode, dir, lifecycle, tmux, recorder, exits);
        killPhase(mode, lifecycle, socket, recorder, kills);
      } finally {
        supervisor.close();
        loop.join(TimeUnit.SECONDS.toMillis(30));
      }
    } finally {
      try {
        tmux.killServer();
      } catch (RuntimeException e) {
        // nothing more to do for a private server
      }
      Files.deleteIfExists(tmux.socketPath());
      tmux.close();
      deleteTree(dir);
    }
  }

  private void exitPhase(Mode mode, Path dir, Lifecycle lifecycle, TmuxSessionRuntime tmux, Recorder recorder,
      int n) throws Exception {
    List<JobId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String sleep = String.format(java.util.Locale.ROOT, "%.2f", 1 + random.nextDouble() * 14);
      Path ts = dir.resolve("exit-" + i + ".ns");
      ids.add(lifecycle.submit(JobSpec.builder("sh", "-c", "sleep " + sleep + "; date +%s%N > \"$T\"; exit 0")
          .name("exit-" + i).env("T", ts.toString()).build()).id());
    }
    Path exits = tmux.exitFile(ids.get(0), 1).getParent();
    await("the run directory", Duration.ofSeconds(30), () -> Files.isDirectory(exits));
    Map<String, Instant> seen = new ConcurrentHashMap<>();
    try (WatchService watch = exits.getFileSystem().newWatchService()) {
      exits.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      Thread watcher = new Thread(() -> watchExits(watch, seen), "bench-exit-watch");
      watcher.setDaemon(true);
      watcher.start();
      await("every job's EXITED", Duration.ofSeconds(90),
          () -> ids.stream().allMatch(recorder.exited::containsKey));
    }
    List<Double> toRow = new ArrayList<>();
    List<Double> toFile = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JobId id = ids.get(i);
      Instant exited = nanosInstant(Files.readString(dir.resolve("exit-" + i + ".ns")).strip());
      toRow.add(millisBetween(exited, recorder.exited.get(id)));
      Instant file = seen.get(tmux.exitFile(id, 1).getFileName().toString());
      if (file != null) {
        toFile.add(millisBetween(exited, file));
      }
    }
    System.out.println(mode + " exit -> row (EXITED committed):              " + Spread.of(toRow));
    System.out.println(mode + " exit -> exit file seen by a raw inotify watch: " + Spread.of(toFile));
  }

  /** Records when each exit file appears, as seen by a plain {@link WatchService} (inotify on Linux). */
  private static void watchExits(WatchService watch, Map<String, Instant> seen) {
    try {
      while (true) {
        WatchKey key = watch.take();
        Instant now = Instant.now();
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.context() instanceof Path p && p.toString().endsWith(".exit")) {
            seen.putIfAbsent(p.toString(), now);
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // the phase is over
    }
  }

  private void killPhase(Mode mode, Lifecycle lifecycle, String socket, Recorder recorder, int n)
      throws Exception {
    List<JobId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(lifecycle.submit(JobSpec.builder("sleep", "600").name("kill-" + i).build()).id());
    }
    await("every sleeper PROCESSING", Duration.ofSeconds(60),
        () -> ids.stream().allMatch(id -> lifecycle.get(id).state() == JobState.PROCESSING));
    Instant lastStart = ids.stream().map(id -> lifecycle.get(id).startedAt()).max(Comparator.naturalOrder())
        .orElseThrow();
    // Past the 5 s start grace, so a missing session counts at once.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastStart.plusSeconds(6)).toMillis()));
    List<Double> toLost = new ArrayList<>();
    List<Double> toMissing = new ArrayList<>();
    for (JobId id : ids) {
      Thread.sleep(500 + random.nextInt(2000)); // a random phase against the poll interval
      Job job = lifecycle.get(id);
      Instant killed = Instant.now();
      run(List.of("tmux", "-L", socket, "kill-session", "-t", "=" + job.session()));
      await("LOST of job " + id, Duration.ofSeconds(20), () -> recorder.lost.containsKey(id));
      toLost.add(millisBetween(killed, recorder.lost.get(id)));
      Instant missing = recorder.firstMissing.get(id);
      if (missing != null) {
        toMissing.add(millisBetween(killed, missing));
      }
    }
    System.out.println(mode + " kill -> first pass that finds it missing: " + Spread.of(toMissing));
    System.out.println(mode + " kill -> row (LOST committed):            " + Spread.of(toLost));
  }

  /** When the supervisor committed EXITED and LOST, and first noticed a missing session, per job. */
  private static final class Recorder implements LifelineListener {
    final Map<JobId, Instant> exited = new ConcurrentHashMap<>();
    final Map<JobId, Instant> lost = new ConcurrentHashMap<>();
    final Map<JobId, Instant> firstMissing = new ConcurrentHashMap<>();

    @Override
    public void onTransition(TransitionEvent event) {
      Instant now = Instant.now();
      if (event.transition().event() == JobEvent.EXITED) {
        exited.putIfAbsent(event.job().id(), now);
      } else if (event.transition().event() == JobEvent.LOST) {
        lost.putIfAbsent(event.job().id(), now);
      }
    }

    @Override
    public void onNotice(Notice notice) {
      if (notice instanceof Notice.SessionMissing m && m.count() == 1) {
        firstMissing.putIfAbsent(m.jobId(), Instant.now());
      }
    }
  }

  static Instant nanosInstant(String epochNanos) {
    long ns = Long.parseLong(epochNanos);
    return Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L);
  }

  static double millisBetween(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e6;
  }

  static void await(String what, Duration max, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  static String run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    p.waitFor();
    return new String(out, StandardCharsets.UTF_8);
  }

  /** The machine's load average line, for a benchmark's report. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Deletes {@code dir} and everything in it (a benchmark's scratch directory). */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
