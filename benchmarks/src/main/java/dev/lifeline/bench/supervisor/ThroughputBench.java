package dev.lifeline.bench.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * BENCHMARKS.md §6.3: {@code N} no-op jobs through each contender on a fresh SQLite file, each run in a fresh JVM
 * ({@link ThroughputRun}), the contenders interleaved round by round; prints min / median / max of submits/s and
 * completions/s per contender, and the ratio of the medians. Lifeline runs with the default engine at each
 * {@code MAX_CONCURRENT}, and with the table engine at the last one (the engine's share of the cost).
 *
 * <p>Usage: {@code ThroughputBench [N] [ROUNDS] [MAX_CONCURRENT...]} (default 10,000 jobs, 3 rounds, Lifeline at
 * --max-concurrent 64). A main; not thread-safe.
 */
public final class ThroughputBench {

  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> slots = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      slots.add(args[i]);
    }
    if (slots.isEmpty()) {
      slots.add("64");
    }
    Map<String, List<Double>> submits = new LinkedHashMap<>();
    Map<String, List<Double>> completions = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("lifeline-throughput");
    try {
      for (int round = 1; round <= rounds; round++) {
        List<List<String>> contenders = new ArrayList<>();
        for (String m : slots) {
          contenders.add(List.of("lifeline", m));
        }
        contenders.add(List.of("lifeline-table", slots.get(slots.size() - 1)));
        contenders.add(List.of("db-scheduler"));
        for (List<String> c : contenders) {
          String label = c.size() == 1 ? "db-scheduler 16.7.1"
              : "Lifeline" + (c.get(0).equals("lifeline-table") ? ", table engine" : "") + " (--max-concurrent "
                  + c.get(1) + ")";
          Path db = dir.resolve("r" + round + "-" + String.join("-", c) + ".db");
          double[] r = run(c.get(0), db, n, c.size() > 1 ? c.get(1) : null);
          submits.computeIfAbsent(label, k -> new ArrayList<>()).add(r[0]);
          completions.computeIfAbsent(label, k -> new ArrayList<>()).add(r[1]);
          System.err.printf(Locale.ROOT, "round %d %s: %.0f submits/s, %.0f completions/s%n", round, label, r[0],
              r[1]);
        }
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    String peer = "db-scheduler 16.7.1";
    System.out.printf(Locale.ROOT, "%d no-op jobs, %d fresh JVMs each, interleaved; %d CPUs%n", n, rounds,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| contender | completions/s min | **median** | max | ÷ peer | submits/s min | median | max |"
        + " ÷ peer |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String label : completions.keySet()) {
      Spread c = Spread.of(completions.get(label));
      Spread s = Spread.of(submits.get(label));
      System.out.printf(Locale.ROOT, "| %s | %.0f | **%.0f** | %.0f | %.2f× | %.0f | %.0f | %.0f | %.2f× |%n", label,
          c.min(), c.p50(), c.max(), c.p50() / Spread.of(completions.get(peer)).p50(), s.min(), s.p50(), s.max(),
          s.p50() / Spread.of(submits.get(peer)).p50());
    }
  }

  private static double[] run(String kind, Path db, int n, String maxConcurrent) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ThroughputRun.class.getName(), kind, db.toString(),
        Integer.toString(n)));
    if (maxConcurrent != null) {
      cmd.add(maxConcurrent);
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(kind + " run failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): "
          + out);
    }
    String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    return new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1])};
  }
}
