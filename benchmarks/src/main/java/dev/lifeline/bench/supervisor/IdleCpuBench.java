package dev.lifeline.bench.supervisor;

import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Supervisor CPU while N jobs run idle ({@code sleep 600}): the supervisor runs in a child JVM
 * ({@link IdleSupervisorMain}, default settings: poll 2 s, events on); once every job is PROCESSING and a settling
 * pause has passed, its {@code /proc/PID/stat} times are read at the start and end of each window. Reported per
 * window as a percentage of one core: the JVM's own time, and with the tmux clients it spawned and reaped
 * ({@code cutime + cstime}). Next to it, in the same windows, the ceiling: a shell loop doing only the raw
 * {@code tmux list-panes -a} every 2 s (with its children), and the tmux server's own time.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.lifeline.bench.supervisor.IdleCpuBench [JOBS [SECONDS [WINDOWS
 * [SETTLE_SECONDS]]]]} (defaults 100, 60, 6, 10). Per-thread times show where the JVM's time goes (JIT compiler
 * threads keep working for minutes when passes come only every 2 s). Private socket; kills only its own server and
 * processes. A main; not thread-safe.
 */
public final class IdleCpuBench {

  private static final double TICKS = 100.0; // getconf CLK_TCK on Linux

  private IdleCpuBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int windows = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int settle = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Path dir = Files.createTempDirectory("lifeline-bench-cpu");
    Path db = dir.resolve("jobs.db");
    String socket = "lifeline-bench-" + UUID.randomUUID().toString().substring(0, 8);
    Process supervisor = null;
    Process poller = null;
    System.out.println("load average before: " + DetectionLatencyBench.loadAverage());
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).build();
      for (int i = 0; i < jobs; i++) {
        lifecycle.submit(JobSpec.builder("sleep", "600").name("idle-" + i).build());
      }
      supervisor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), IdleSupervisorMain.class.getName(),
          db.toString(), socket, Integer.toString(jobs))
          .redirectErrorStream(true).redirectOutput(dir.resolve("supervisor.log").toFile()).start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (lifecycle.counts().getOrDefault(JobState.PROCESSING, 0L) < jobs || sessions(socket) < jobs) {
        if (System.nanoTime() > end || !supervisor.isAlive()) {
          throw new IllegalStateException("the jobs did not all start: " + lifecycle.counts() + ", "
              + Files.readString(dir.resolve("supervisor.log")));
        }
        Thread.sleep(200);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(settle)); // let start-up work (the launches' last reaps, JIT) settle
      long serverPid = Long.parseLong(DetectionLatencyBench.run(List.of("tmux", "-L", socket, "display-message",
          "-p", "#{pid}")).strip());
      String format = "#{session_name}\t#{@lifeline_job}\t#{@lifeline_attempt}\t#{@lifeline_run}\t#{pane_dead}";
      poller = new ProcessBuilder("sh", "-c", "while :; do tmux -L " + socket + " list-panes -a -F '" + format
          + "' > /dev/null; sleep 2; done").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      long window = TimeUnit.SECONDS.toMillis(seconds) / windows;
      List<Double> own = new ArrayList<>();
      List<Double> withClients = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      List<Double> server = new ArrayList<>();
      long[] s0 = stat(supervisor.pid());
      long[] p0 = stat(poller.pid());
      long[] t0 = stat(serverPid);
      long[] sFirst = s0;
      Map<String, Long> threadsBefore = threads(supervisor.pid());
      for (int w = 0; w < windows; w++) {
        long started = System.nanoTime();
        Thread.sleep(window);
        double secs = (System.nanoTime() - started) / 1e9;
        long[] s1 = stat(supervisor.pid());
        long[] p1 = stat(poller.pid());
        long[] t1 = stat(serverPid);
        own.add(percent(s1[0] + s1[1] - s0[0] - s0[1], secs));
        withClients.add(percent(sum(s1) - sum(s0), secs));
        raw.add(percent(sum(p1) - sum(p0), secs));
        server.add(percent(t1[0] + t1[1] - t0[0] - t0[1], secs));
        s0 = s1;
        p0 = p1;
        t0 = t1;
      }
      Map<String, Long> threadsAfter = threads(supervisor.pid());
      double total = percent(s0[0] + s0[1] - sFirst[0] - sFirst[1], window * windows / 1000.0);
      double totalWithClients = percent(sum(s0) - sum(sFirst), window * windows / 1000.0);
      System.out.printf(Locale.ROOT, "%d idle jobs, measured %d s after all started, %d windows of %d ms, %% of one "
          + "core%n", jobs, settle, windows, window);
      System.out.println("supervisor JVM, own time:          " + pct(own) + String.format(Locale.ROOT,
          "; whole %d s: %.3f %%", seconds, total));
      System.out.println("supervisor JVM + its tmux clients: " + pct(withClients) + String.format(Locale.ROOT,
          "; whole %d s: %.3f %%", seconds, totalWithClients));
      System.out.println("raw list-panes loop every 2 s:     " + pct(raw));
      System.out.println("tmux server (both pollers):        " + pct(server));
      long jit = compilerTicks(threadsBefore, threadsAfter);
      System.out.println(String.format(Locale.ROOT, "supervisor JVM, own time without the JIT compiler threads: "
          + "%.3f %%", percent(s0[0] + s0[1] - sFirst[0] - sFirst[1] - jit, window * windows / 1000.0)));
      System.out.println("supervisor JVM threads, ticks of 10 ms over the whole run: " + busiest(threadsBefore,
          threadsAfter));
      System.out.println("counts at the end: " + lifecycle.counts());
    } finally {
      if (poller != null) {
        poller.destroyForcibly();
        poller.waitFor(10, TimeUnit.SECONDS);
      }
      if (supervisor != null) {
        supervisor.destroy();
        if (!supervisor.waitFor(30, TimeUnit.SECONDS)) {
          supervisor.destroyForcibly();
        }
      }
      TmuxSessionRuntime tmux = TmuxSessionRuntime.builder().socket(socket)
          .runDirectory(dir.resolve("jobs.db.runs")).build();
      try {
        tmux.killServer();
      } catch (RuntimeException e) {
        // nothing more to do for a private server
      }
      Files.deleteIfExists(tmux.socketPath()); // tmux leaves its socket file behind
      tmux.close();
      System.out.println("load average after: " + DetectionLatencyBench.loadAverage());
      DetectionLatencyBench.deleteTree(dir);
    }
  }

  private static int sessions(String socket) throws IOException, InterruptedException {
    String out = DetectionLatencyBench.run(List.of("tmux", "-L", socket, "list-sessions", "-F", "#{@lifeline_job}"));
    return (int) out.lines().filter(l -> !l.isBlank() && l.strip().matches("\\d+")).count();
  }

  /** CPU ticks (utime + stime) per thread of {@code pid}, keyed by {@code tid name}. */
  private static Map<String, Long> threads(long pid) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String text = Files.readString(task.resolve("stat"));
          String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
          String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
          out.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  private static long compilerTicks(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
  }

  /** The threads that used CPU between the two snapshots, busiest first. */
  private static String busiest(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey().substring(e.getKey().indexOf(' ') + 1) + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** utime, stime, cutime, cstime of {@code pid}, in clock ticks. */
  private static long[] stat(long pid) throws IOException {
    String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
  }

  private static long sum(long[] t) {
    return t[0] + t[1] + t[2] + t[3];
  }

  private static double percent(long ticks, double seconds) {
    return 100.0 * ticks / TICKS / seconds;
  }

  private static String pct(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    return String.format(Locale.ROOT, "min %.3f / median %.3f / max %.3f %%", v.get(0), v.get(v.size() / 2),
        v.get(v.size() - 1));
  }
}
