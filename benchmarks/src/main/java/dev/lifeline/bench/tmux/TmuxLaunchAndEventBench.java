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
 *       each round on a fresh private server already started by a first session (as in limits.md §3a), the kinds
 *       alternating in order; a third column does raw new-session plus the tags and pipe-pane in one call, to show
 *       where the difference goes.
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

  private static void launchRates(int rounds) throws IOException {
    warmUp();
    List<Double> ours = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<Double> rawChain = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      if (round % 2 == 0) {
        ours.add(launchOurs());
        raw.add(launchRaw(false));
        rawChain.add(launchRaw(true));
      } else {
        rawChain.add(launchRaw(true));
        raw.add(launchRaw(false));
        ours.add(launchOurs());
      }
      System.out.printf("  round %d: start() %.1f/s, raw new-session %.1f/s, raw new-session+tags+pipe-pane %.1f/s%n",
          round + 1, ours.get(round), raw.get(round), rawChain.get(round));
    }
    double ratio = BenchTmux.percentile(sorted(ours), 50) / BenchTmux.percentile(sorted(raw), 50);
    System.out.println("launch, " + LAUNCHES + " sessions a round, sessions/s:");
    System.out.println("  TmuxSessionRuntime.start():             " + BenchTmux.summary(ours, "/s", false));
    System.out.println("  raw tmux new-session -d:                " + BenchTmux.summary(raw, "/s", false));
    System.out.println("  raw new-session + tags + pipe-pane:     " + BenchTmux.summary(rawChain, "/s", false));
    System.out.printf("  median ratio start()/raw: %.0f %%%n", ratio * 100);
  }

  /** One small round of each, untimed, so that neither kind pays for a cold ProcessBuilder or JIT. */
  private static void warmUp() throws IOException {
    Path runDir = Files.createTempDirectory("lifeline-bench-launch");
    TmuxSessionRuntime runtime = BenchTmux.runtime(BenchTmux.privateSocket(), runDir);
    try {
      for (int i = 1; i <= 20; i++) {
        runtime.start(BenchTmux.processing(i, BenchTmux.sleeper()));
        BenchTmux.tmux(List.of("tmux", "-S", runtime.socketPath().toString(), "new-session", "-d", "-s", "raw" + i,
            "sleep 600", ";", "pipe-pane", "-t", "=raw" + i + ":", "cat > /dev/null"));
      }
    } finally {
      cleanUp(runtime, runDir);
    }
  }

  private static double launchOurs() throws IOException {
    Path runDir = Files.createTempDirectory("lifeline-bench-launch");
    TmuxSessionRuntime runtime = BenchTmux.runtime(BenchTmux.privateSocket(), runDir);
    try {
      runtime.start(BenchTmux.processing(1, BenchTmux.sleeper()));
      long t0 = System.nanoTime();
      for (int i = 2; i <= LAUNCHES + 1; i++) {
        runtime.start(BenchTmux.processing(i, BenchTmux.sleeper()));
      }
      double rate = LAUNCHES / ((System.nanoTime() - t0) / 1e9);
      Observation seen = runtime.observeAll();
      if (seen.sessions().size() != LAUNCHES + 1) {
        throw new IllegalStateException("expected " + (LAUNCHES + 1) + " sessions, saw " + seen.sessions().size());
      }
      return rate;
    } finally {
      cleanUp(runtime, runDir);
    }
  }

  /**
   * 200 raw {@code new-session -d 'sleep 600'}; with {@code chain}, each also sets the three tags and pipes the pane
   * to a log file in the same call, as {@code start()} does (without its wrapper, launch file and hooks).
   */
  private static double launchRaw(boolean chain) throws IOException {
    Path socket = Path.of("/tmp", "tmux-" + uid(), BenchTmux.privateSocket());
    Path logs = Files.createTempDirectory("lifeline-bench-rawlogs");
    String s = socket.toString();
    try {
      BenchTmux.tmux(List.of("tmux", "-f", "/dev/null", "-S", s, "new-session", "-d", "-s", "keeper", "sleep 600"));
      long t0 = System.nanoTime();
      for (int i = 1; i <= LAUNCHES; i++) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", s, "new-session", "-d", "-s", "raw" + i,
            "sleep 600"));
        if (chain) {
          String w = "=raw" + i + ":";
          argv.addAll(List.of(";", "set-option", "-t", w, "@lifeline_run", "0123456789abcdef", ";", "set-option",
              "-t", w, "@lifeline_job", Integer.toString(i), ";", "set-option", "-t", w, "@lifeline_attempt", "1", ";",
              "pipe-pane", "-t", w, "exec cat >> '" + logs.resolve(i + ".log") + "'"));
        }
        BenchTmux.tmux(argv);
      }
      double rate = LAUNCHES / ((System.nanoTime() - t0) / 1e9);
      long count = BenchTmux.tmux(List.of("tmux", "-S", s, "list-sessions")).lines().count();
      if (count != LAUNCHES + 1) {
        throw new IllegalStateException("expected " + (LAUNCHES + 1) + " raw sessions, saw " + count);
      }
      return rate;
    } finally {
      BenchTmux.killServer(socket);
      BenchTmux.deleteTree(logs);
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
