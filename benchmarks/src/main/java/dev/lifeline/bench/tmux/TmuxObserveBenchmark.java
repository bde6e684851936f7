package dev.lifeline.bench.tmux;

import dev.lifeline.spi.Observation;
import dev.lifeline.spi.SessionStatus;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code observeAll()} at 10/100/200/500 live sessions, next to its ceiling: one raw {@code tmux list-panes -a} with
 * the same format, spawned from the same JVM. SampleTime gives min (p0), median (p50) and max (p100) per call.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TmuxObserveBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class TmuxObserveBenchmark {

  /** The same format observeAll asks for. */
  private static final String FORMAT =
      "#{@lifeline_run}|#{@lifeline_job}|#{@lifeline_attempt}|#{pane_dead}|#{session_name}";

  @Param({"10", "100", "200", "500"})
  public int sessions;

  private Path runDir;
  private TmuxSessionRuntime runtime;
  private List<String> rawListPanes;

  @Setup(Level.Trial)
  public void startSessions() throws IOException {
    runDir = Files.createTempDirectory("lifeline-bench-observe");
    runtime = BenchTmux.runtime(BenchTmux.privateSocket(), runDir);
    for (int i = 1; i <= sessions; i++) {
      runtime.start(BenchTmux.processing(i, BenchTmux.sleeper()));
    }
    Observation seen = runtime.observeAll();
    long alive = seen.sessions().values().stream().filter(SessionStatus.ALIVE::equals).count();
    if (!seen.healthy() || alive != sessions) {
      throw new IllegalStateException("expected " + sessions + " live sessions, saw " + alive + " (" + seen + ")");
    }
    rawListPanes = List.of("tmux", "-S", runtime.socketPath().toString(), "list-panes", "-a", "-F", FORMAT);
  }

  @TearDown(Level.Trial)
  public void killServer() {
    Path socket = runtime.socketPath();
    runtime.close();
    BenchTmux.killServer(socket);
    BenchTmux.deleteTree(runDir);
  }

  @Benchmark
  public Observation observeAll() {
    return runtime.observeAll();
  }

  @Benchmark
  public String rawListPanes() {
    return BenchTmux.tmux(rawListPanes);
  }
}
