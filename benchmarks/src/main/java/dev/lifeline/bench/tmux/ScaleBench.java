package dev.lifeline.bench.tmux;

import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * BENCHMARKS.md §6.6: one supervisor pass with 10, 100 and 1,000 live tmux sessions ({@code sleep 600}, all
 * PROCESSING), next to the ceiling measured in the same JVM, interleaved: one raw {@code tmux list-panes -a} and one
 * raw JDBC read of the PROCESSING and VERIFICATION rows. Also the process's RSS before the jobs and with them
 * (after a GC), per session. Each size runs in a fresh JVM.
 *
 * <p>Usage: {@code ScaleBench [PASSES] [SIZE...]} (default 21 passes; 10 100 1000). A main; not thread-safe.
 */
public final class ScaleBench {

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--one")) {
      one(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    List<String> sizes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("10", "100", "1000");
    System.out.printf(Locale.ROOT, "%d passes per size, fresh JVM per size; %d CPUs%n", passes,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| live sessions | pass ms min | **pass ms median** | pass ms max | ceiling ms median"
        + " (list-panes + rows) | pass ÷ ceiling | RSS before MB | RSS with the jobs MB | RSS per session KB |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String size : sizes) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), ScaleBench.class.getName(), "--one", size, Integer.toString(passes))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("size " + size + " failed: " + out);
      }
      System.out.println(out.lines().reduce((a, b) -> b).orElse(""));
    }
  }

  /** One size in this JVM; prints one table row. */
  private static void one(int size, int passes) throws Exception {
    Path dir = Files.createTempDirectory("lifeline-scale");
    String socket = BenchTmux.privateSocket();
    Path db = dir.resolve("scale.db");
    TmuxSessionRuntime runtime = BenchTmux.runtime(socket, dir.resolve("runs"));
    try (SqliteJobStore store = SqliteJobStore.create(db)) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).build();
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(runtime).maxConcurrent(size).build();
      supervisor.tick(); // the engine, the reads and the runtime warmed with nothing to do
      long rssBefore = rssKb();
      for (int i = 0; i < size; i++) {
        lifecycle.submit(JobSpec.builder("sleep", "600").name("scale-" + i).build());
      }
      for (int i = 0; i < 50 && store.count(JobState.PROCESSING) < size; i++) {
        supervisor.tick();
      }
      if (store.count(JobState.PROCESSING) != size) {
        throw new IllegalStateException("only " + store.count(JobState.PROCESSING) + " of " + size + " started; "
            + store.list(dev.lifeline.spi.JobQuery.inStates(JobState.FAILED).withLimit(3)).stream()
                .map(j -> j.id() + " " + j.failureReason() + ": " + j.failureDetail()).toList());
      }
      for (int i = 0; i < 5; i++) {
        supervisor.tick(); // every session seen alive; warm-up of the steady pass
      }
      List<Double> pass = new ArrayList<>();
      List<Double> ceiling = new ArrayList<>();
      List<String> listPanes = List.of("tmux", "-S", runtime.socketPath().toString(), "list-panes", "-a", "-F",
          "#{session_name} #{pane_dead} #{pane_dead_status} #{@lifeline_run} #{@lifeline_job} #{@lifeline_attempt}");
      try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        for (int i = 0; i < passes; i++) {
          long t0 = System.nanoTime();
          supervisor.tick();
          long t1 = System.nanoTime();
          BenchTmux.tmux(listPanes);
          int rows = 0;
          try (Statement st = raw.createStatement();
              ResultSet rs = st.executeQuery("select * from job where state in ('PROCESSING', 'VERIFICATION')")) {
            while (rs.next()) {
              rs.getString("argv");
              rows++;
            }
          }
          long t2 = System.nanoTime();
          if (rows != size) {
            throw new IllegalStateException("the raw read saw " + rows + " rows");
          }
          pass.add((t1 - t0) / 1e6);
          ceiling.add((t2 - t1) / 1e6);
        }
      }
      System.gc();
      long rssWith = rssKb();
      supervisor.close();
      pass.sort(null);
      ceiling.sort(null);
      double p = BenchTmux.percentile(pass, 50);
      double c = BenchTmux.percentile(ceiling, 50);
      System.out.printf(Locale.ROOT, "| %d | %.1f | **%.1f** | %.1f | %.1f | %.2f× | %.0f | %.0f | %.1f |%n", size,
          pass.get(0), p, pass.get(pass.size() - 1), c, p / c, rssBefore / 1024.0, rssWith / 1024.0,
          (rssWith - rssBefore) / (double) size);
    } finally {
      BenchTmux.killServer(runtime.socketPath());
      runtime.close();
      BenchTmux.deleteTree(dir);
    }
  }

  /** This process's resident set size, from /proc/self/status. */
  private static long rssKb() throws Exception {
    System.gc();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
