package dev.lifeline.bench.tmux;

import dev.lifeline.JobSpec;
import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionHandle;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A timed main (JMH does not fit: a launch round changes the server it measures, and an event is one wait per
 * exit). In one run, side by side:
 *
 * <ol>
 *   <li><b>Launch rate:</b> {@code start()} of 200 sessions vs 200 raw {@code tmux new-session -d} from the same JVM,
 *       each kind on its own fresh private server already started by a first session (as in limits.md §3a),
 *       interleaved in blocks of 20; a third kind does raw new-session plus the tags and pipe-pane in one call, to
 *       show where the difference goes.
 *   <li><b>Event latency:</b> a job records the wall-clock time (ns) just before it exits; the time until
 *       {@code awaitChange} returns true, with another session keeping the server up. Next to it, a supervisor
 *       that polls {@code observeAll()} every 2 s (the backstop) and the time until it sees EXITED.
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.lifeline.bench.tmux.TmuxLaunchAndEventBench
 * [rounds=5] [events=30] [pollSamples=8]}
 */
public final class TmuxLaunchAndEventBench {

  private static final int LAUNCHES = 200;

  private TmuxLaunchAndEventBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int pollSamples = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    System.out.println("tmux " + BenchTmux.tmux(List.of("tmux", "-V")).strip() + ", Java "
        + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs");

    launchRates(rounds);
    eventLatency(events, pollSamples);
  }

  // ---- launch rate ------------------------------------------------------------------------------------------------

  private static final int BLOCK = 20;

  /**
   * Each round starts three private servers (each with a first session already running) and launches 200 sessions on
   * each, in blocks of 20 that rotate between the three kinds, so that load from other processes on the machine
   * falls on all three alike. The rate of a kind is 200 over the sum of its blocks' times.
   */
  private static void launchRates(int rounds) throws IOException {
    List<Double> ours = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<Double> rawChain = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      Path runDir = Files.createTempDirectory("lifeline-bench-launch");
      Path logs = Files.createTempDirectory("lifeline-bench-rawlogs");
      TmuxSessionRuntime runtime = BenchTmux.runtime(BenchTmux.privateSocket(), runDir);
      Path rawSocket = Path.of("/tmp", "tmux-" + uid(), BenchTmux.privateSocket());
      Path chainSocket = Path.of("/tmp", "tmux-" + uid(), BenchTmux.privateSocket());
      try {
        runtime.start(BenchTmux.processing(1, BenchTmux.sleeper()));
        for (Path s : List.of(rawSocket, chainSocket)) {
          BenchTmux.tmux(List.of("tmux", "-f", "/dev/null", "-S", s.toString(), "new-session", "-d", "-s", "keeper",
              "sleep 600"));
        }
        long[] nanos = new long[3];
        for (int block = 0; block < LAUNCHES / BLOCK; block++) {
          for (int k = 0; k < 3; k++) {
            int kind = (block + k) % 3;
            int first = block * BLOCK + 1;
            long t0 = System.nanoTime();
            for (int i = first; i < first + BLOCK; i++) {
              if (kind == 0) {
                runtime.start(BenchTmux.processing(i + 1, BenchTmux.sleeper()));
              } else {
                BenchTmux.tmux(rawLaunch(kind == 1 ? rawSocket : chainSocket, i, kind == 2 ? logs : null));
              }
            }
            nanos[kind] += System.nanoTime() - t0;
          }
        }
        check(runtime.observeAll().sessions().size(), "start()");
        check(BenchTmux.tmux(List.of("tmux", "-S", rawSocket.toString(), "list-sessions")).lines().count(), "raw");
        check(BenchTmux.tmux(List.of("tmux", "-S", chainSocket.toString(), "list-sessions")).lines().count(), "chain");
        if (round == 0) {
          System.out.println("  (round 0 warms up ProcessBuilder and the JIT; not counted)");
          continue;
        }
        ours.add(LAUNCHES / (nanos[0] / 1e9));
        raw.add(LAUNCHES / (nanos[1] / 1e9));
        rawChain.add(LAUNCHES / (nanos[2] / 1e9));
        System.out.printf("  round %d: start() %.1f/s, raw new-session %.1f/s, raw new-session+tags+pipe-pane %.1f/s%n",
            round, ours.get(round - 1), raw.get(round - 1), rawChain.get(round - 1));
      } finally {
        cleanUp(runtime, runDir);
        BenchTmux.killServer(rawSocket);
        BenchTmux.killServer(chainSocket);
        BenchTmux.deleteTree(logs);
      }
    }
    double ratio = BenchTmux.percentile(sorted(ours), 50) / BenchTmux.percentile(sorted(raw), 50);
    double chainRatio = BenchTmux.percentile(sorted(ours), 50) / BenchTmux.percentile(sorted(rawChain), 50);
    System.out.println("launch, " + LAUNCHES + " sessions per kind per round, interleaved in blocks of " + BLOCK
        + ", sessions/s:");
    System.out.println("  TmuxSessionRuntime.start():         " + BenchTmux.summary(ours, "/s", false));
    System.out.println("  raw tmux new-session -d:            " + BenchTmux.summary(raw, "/s", false));
    System.out.println("  raw new-session + tags + pipe-pane: " + BenchTmux.summary(rawChain, "/s", false));
    System.out.printf("  median ratio start()/raw: %.0f %%; start()/raw with tags and pipe-pane: %.0f %%%n",
        ratio * 100, chainRatio * 100);
  }

  /**
   * A raw {@code new-session -d 'sleep 600'}; with {@code logs}, the same call also sets the three tags and pipes the
   * pane to a log file, as {@code start()} does (without its wrapper, launch file and hooks).
   */
  private static List<String> rawLaunch(Path socket, int i, Path logs) {
    List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "new-session", "-d", "-s", "raw" + i,
        "sleep 600"));
    if (logs != null) {
      String w = "=raw" + i + ":";
      argv.addAll(List.of(";", "set-option", "-t", w, "@lifeline_run", "0123456789abcdef", ";", "set-option", "-t", w,
          "@lifeline_job", Integer.toString(i), ";", "set-option", "-t", w, "@lifeline_attempt", "1", ";", "pipe-pane",
          "-t", w, "exec cat >> '" + logs.resolve(i + ".log") + "'"));
    }
    return argv;
  }

  private static void check(long sessions, String kind) {
    if (sessions != LAUNCHES + 1) {
      throw new IllegalStateException(kind + ": expected " + (LAUNCHES + 1) + " sessions, saw " + sessions);
    }
  }

  // ---- event latency ----------------------------------------------------------------------------------------------

  private static void eventLatency(int samples, int pollSamples) throws Exception {
    Path runDir = Files.createTempDirectory("lifeline-bench-events");
    Path stamps = Files.createDirectories(runDir.resolve("stamps"));
    TmuxSessionRuntime runtime = BenchTmux.runtime(BenchTmux.privateSocket(), runDir);
    try {
      runtime.start(BenchTmux.processing(1, BenchTmux.sleeper()));
      List<Double> woken = new ArrayList<>();
      int exitedAtFirstLook = 0;
      for (int i = 0; i < samples; i++) {
        long id = 100 + i;
        SessionHandle h = runtime.start(BenchTmux.processing(id, stamping(stamps, id, 0.3)));
        while (runtime.awaitChange(Duration.ofMillis(50))) {
          // drain wake-ups that belong to earlier samples (hooks of the previous session closing)
        }
        if (!runtime.awaitChange(Duration.ofSeconds(5))) {
          throw new IllegalStateException("sample " + i + ": no wake-up within 5 s");
        }
        long wokeAt = nowNanos();
        woken.add((wokeAt - stamp(stamps, id)) / 1e6);
        if (runtime.observeAll().statusOf(h).equals(SessionStatus.exited(0))) {
          exitedAtFirstLook++;
        }
      }
      System.out.println("event latency, command exit -> awaitChange() returns true, ms:");
      System.out.println("  awaitChange(): " + BenchTmux.summary(woken, "ms", true) + "; the observation right"
          + " after the wake-up showed EXITED in " + exitedAtFirstLook + "/" + samples);

      List<Double> polled = new ArrayList<>();
      for (int i = 0; i < pollSamples; i++) {
        long id = 1000 + i;
        double sleep = 0.1 + ThreadLocalRandom.current().nextDouble() * 2.0;
        SessionHandle h = runtime.start(BenchTmux.processing(id, stamping(stamps, id, sleep)));
        while (true) {
          Thread.sleep(2000);
          if (runtime.observeAll().statusOf(h).liveness() == SessionStatus.Liveness.EXITED) {
            break;
          }
        }
        polled.add((nowNanos() - stamp(stamps, id)) / 1e6);
      }
      System.out.println("  2 s backstop poll of observeAll(): " + BenchTmux.summary(polled, "ms", true));
    } finally {
      cleanUp(runtime, runDir);
    }
  }

  /** A job that sleeps, writes the wall-clock time in ns to a stamp file, then exits 0. */
  private static JobSpec stamping(Path stamps, long id, double sleepSeconds) {
    return JobSpec.builder("/bin/sh", "-c", "sleep " + String.format("%.3f", sleepSeconds)
        + "; date +%s%N > \"$1\"", "sh", stamps.resolve(id + ".ns").toString()).name("stamp").build();
  }

  private static long stamp(Path stamps, long id) throws IOException, InterruptedException {
    Path file = stamps.resolve(id + ".ns");
    for (int i = 0; i < 200 && (!Files.exists(file) || Files.size(file) == 0); i++) {
      Thread.sleep(5);
    }
    return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  private static void cleanUp(TmuxSessionRuntime runtime, Path runDir) {
    Path socket = runtime.socketPath();
    runtime.close();
    BenchTmux.killServer(socket);
    BenchTmux.deleteTree(runDir);
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    return v;
  }

  private static long uid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
