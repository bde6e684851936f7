package dev.lifeline.bench.web;

import dev.lifeline.bench.supervisor.DetectionLatencyBench;
import dev.lifeline.bench.supervisor.Spread;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, next to the supervisor, all as a user runs them: {@code lifeline run}
 * and {@code lifeline serve} processes on one SQLite file and a private tmux socket.
 *
 * <ul>
 *   <li><b>Latency</b>: jobs sleep a random 1–6 s, write the wall-clock time and exit 0. The ceiling is exit → row
 *       (the job's last act to its EXITED transition's own time); next to it, COMPLETED committed (the PASS
 *       transition's time) → the open jobs page's row showing COMPLETED (a {@code MutationObserver} in the page
 *       stamps {@code Date.now()}), with no reload: the store's change signal, the SSE event, the page's re-read.
 *   <li><b>Idle CPU</b>: 100 jobs running {@code sleep 600}, the jobs page open; {@code /proc/PID/stat} times of the
 *       serve and run processes over a 30 s window.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.lifeline.bench.web.DashboardBench REPO [JOBS]} (default 30; about
 * two minutes; needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}). Ends only the processes it
 * started, by handle, and its own tmux server. A main; not thread-safe.
 */
public final class DashboardBench {

  private static final double TICKS = 100.0; // getconf CLK_TCK on Linux
  private static final Pattern AT = Pattern.compile("\"event\" : \"(EXITED|PASS)\",[^}]*?\"at\" : \"([^\"]+)\"",
      Pattern.DOTALL);

  private DashboardBench() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]).toAbsolutePath();
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Files.createTempDirectory("lifeline-bench-dashboard");
    String socket = "lifeline-bench-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = Map.of("LIFELINE_DB", dir.resolve("jobs.db").toString(), "LIFELINE_SOCKET", socket,
        "LC_ALL", "C.UTF-8");
    System.out.println("dashboard, ms; load average before: " + DetectionLatencyBench.loadAverage());
    Process run = null;
    Process serve = null;
    WebDriver driver = null;
    Path profile = Files.createTempDirectory("lifeline-bench-chromium");
    try {
      lifeline(repo, env, dir, "group", "set", "default", "--max-concurrent", "none");
      run = start(repo, env, dir, "run.log", "run", "--poll", "2s", "--max-concurrent", "200");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      serve = start(repo, env, dir, "serve.log", "serve", "--listen", "127.0.0.1:" + port);
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      awaitUp(http, base);
      ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
          "--no-sandbox", "--window-size=1280,800", "--user-data-dir=" + profile,
          "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
      driver = new ChromeDriver(new ChromeDriverService.Builder()
          .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), options);
      driver.get(base + "/");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      wait.until(d -> d.findElement(org.openqa.selenium.By.id("live")).getText().equals("live"));
      JavascriptExecutor js = (JavascriptExecutor) driver;
      js.executeScript("window.SEEN = {}; new MutationObserver(() => { for (const tr of document.querySelectorAll("
          + "'#jobs tbody tr')) { if (tr.dataset.state === 'COMPLETED' && !(tr.id in window.SEEN)) "
          + "window.SEEN[tr.id] = Date.now(); } }).observe(document.querySelector('#jobs tbody'), "
          + "{ childList: true, subtree: true, attributes: true });");

      Random random = new Random(5);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String sleep = String.format(Locale.ROOT, "%.2f", 1 + random.nextDouble() * 5);
        ids.add(lifeline(repo, env, dir, "submit", "--name", "b" + i, "--", "sh", "-c", "sleep " + sleep
            + "; date +%s%N > '" + dir.resolve("exit-" + i + ".ns") + "'").strip());
      }
      wait.until(d -> ((Number) js.executeScript("return Object.keys(window.SEEN).length")).intValue() == n);
      List<Double> exitToRow = new ArrayList<>();
      List<Double> commitToBrowser = new ArrayList<>();
      List<Double> exitToBrowser = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = ids.get(i);
        long exitNs = Long.parseLong(Files.readString(dir.resolve("exit-" + i + ".ns")).strip());
        String shown = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Instant exited = null;
        Instant passed = null;
        Matcher m = AT.matcher(shown);
        while (m.find()) {
          if (m.group(1).equals("EXITED")) {
            exited = Instant.parse(m.group(2));
          } else {
            passed = Instant.parse(m.group(2));
          }
        }
        long seen = ((Number) js.executeScript("return window.SEEN['job-" + id + "']")).longValue();
        exitToRow.add((exited.toEpochMilli() * 1_000_000 - exitNs) / 1e6);
        commitToBrowser.add((double) (seen - passed.toEpochMilli()));
        exitToBrowser.add((seen * 1_000_000 - exitNs) / 1e6);
      }
      System.out.println("exit -> row (EXITED's own time, ms precision; the ceiling): " + Spread.of(exitToRow));
      System.out.println("COMPLETED committed -> the browser's row shows it:     " + Spread.of(commitToBrowser));
      System.out.println("exit -> the browser's row shows COMPLETED:              " + Spread.of(exitToBrowser));

      for (int i = 0; i < 100; i++) {
        lifeline(repo, env, dir, "submit", "--name", "idle" + i, "--", "sleep", "600");
      }
      wait.until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#jobs tbody tr[data-state=PROCESSING]"))
          .size() == 100);
      Thread.sleep(10_000); // let the starts settle before the window
      long[] s0 = {ticks(serve.pid()), ticks(run.pid())};
      long w0 = System.nanoTime();
      Thread.sleep(30_000);
      long[] s1 = {ticks(serve.pid()), ticks(run.pid())};
      double seconds = (System.nanoTime() - w0) / 1e9;
      System.out.printf(Locale.ROOT, "idle, 100 jobs running, page open, %.1f s: serve %.2f %% of a core, run %.2f %%%n",
          seconds, 100 * (s1[0] - s0[0]) / TICKS / seconds, 100 * (s1[1] - s0[1]) / TICKS / seconds);
    } finally {
      if (driver != null) {
        driver.quit();
      }
      for (Process p : new Process[] {serve, run}) {
        if (p != null) {
          p.destroy();
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
      new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
      System.out.println("load average after: " + DetectionLatencyBench.loadAverage());
      DetectionLatencyBench.deleteTree(profile);
      DetectionLatencyBench.deleteTree(dir);
    }
  }

  private static String lifeline(Path repo, Map<String, String> env, Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(repo.resolve("lifeline").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("lifeline " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private static Process start(Path repo, Map<String, String> env, Path dir, String log, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(repo.resolve("lifeline").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void awaitUp(HttpClient http, String base) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("lifeline serve did not answer within 60 s");
  }

  private static long ticks(long pid) throws IOException {
    String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
