package dev.lifeline.bench.supervisor;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.Delivery;
import dev.lifeline.HookTarget;
import dev.lifeline.HookTrigger;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.Lifecycle;
import dev.lifeline.Supervisor;
import dev.lifeline.event.LifelineListener;
import dev.lifeline.event.TransitionEvent;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.tmux.TmuxSessionRuntime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Notification latency of a supervisor with default settings on real tmux and a real SQLite file: each job sleeps a
 * random 1–8 s, writes the wall-clock time in ns and exits 0; its own hook (a command) and a store hook (a webhook
 * to a loopback {@code HttpServer} in this process) are called on COMPLETED.
 *
 * <ul>
 *   <li><b>Exit → row</b> (the ceiling, the same run): from the job's last act until the listener hears EXITED
 *       (called after the commit).
 *   <li><b>Commit → hook started</b>: from the listener hearing PASS (COMPLETED committed) until the hook command's
 *       first act ({@code date +%s%N}, so the time includes starting {@code sh}).
 *   <li><b>Commit → HTTP received</b>: from the same moment until the server's handler saw the POST.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.lifeline.bench.supervisor.NotificationLatencyBench [JOBS]} (default
 * 40; about a minute). Uses a private socket and kills only that server. A main; not thread-safe.
 */
public final class NotificationLatencyBench {

  private NotificationLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    System.out.println("notification latency, ms; load average before: " + DetectionLatencyBench.loadAverage());
    Random random = new Random(11);
    Path dir = Files.createTempDirectory("lifeline-bench-notify");
    String socket = "lifeline-bench-" + UUID.randomUUID().toString().substring(0, 8);
    TmuxSessionRuntime tmux = TmuxSessionRuntime.builder().socket(socket)
        .runDirectory(dir.resolve("jobs.db.runs")).build();
    Map<JobId, Instant> exitedHeard = new ConcurrentHashMap<>();
    Map<JobId, Instant> passHeard = new ConcurrentHashMap<>();
    Map<Long, Instant> posted = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Instant now = Instant.now();
      exchange.getRequestBody().readAllBytes();
      posted.putIfAbsent(Long.parseLong(exchange.getRequestHeaders().getFirst("X-Lifeline-Delivery")), now);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
    LifelineListener recorder = new LifelineListener() {
      @Override
      public void onTransition(TransitionEvent event) {
        Instant now = Instant.now();
        if (event.transition().event() == JobEvent.EXITED) {
          exitedHeard.putIfAbsent(event.job().id(), now);
        } else if (event.transition().event() == JobEvent.PASS) {
          passHeard.putIfAbsent(event.job().id(), now);
        }
      }
    };
    try (SqliteJobStore store = SqliteJobStore.create(dir.resolve("jobs.db"))) {
      Lifecycle lifecycle = Lifecycle.builder().store(store).listener(recorder).build();
      lifecycle.addHook(HookTrigger.entering(JobState.COMPLETED), null,
          HookTarget.webhook("http://127.0.0.1:" + server.getAddress().getPort() + "/lifeline"), "bench");
      Supervisor supervisor = Supervisor.builder().lifecycle(lifecycle).runtime(tmux).maxConcurrent(500).build();
      Thread loop = new Thread(supervisor::run, "bench-supervisor");
      loop.start();
      List<JobId> ids = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          String sleep = String.format(Locale.ROOT, "%.2f", 1 + random.nextDouble() * 7);
          ids.add(lifecycle.submit(JobSpec.builder("sh", "-c", "sleep " + sleep + "; date +%s%N > \"$T\"; exit 0")
              .name("notify-" + i).env("T", dir.resolve("exit-" + i + ".ns").toString())
              .hook(HookTrigger.entering(JobState.COMPLETED), HookTarget.command("sh", "-c",
                  "date +%s%N > \"" + dir + "/hook-$LIFELINE_JOB_ID.ns\""))
              .build()).id());
        }
        DetectionLatencyBench.await("every delivery", Duration.ofSeconds(120), () -> store.outbox().counts().pending()
            == 0 && ids.stream().allMatch(passHeard::containsKey));
      } finally {
        supervisor.close();
        loop.join(TimeUnit.SECONDS.toMillis(30));
      }
      List<Double> exitToRow = new ArrayList<>();
      List<Double> toHook = new ArrayList<>();
      List<Double> toHttp = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        JobId id = ids.get(i);
        Instant exited = DetectionLatencyBench.nanosInstant(Files.readString(dir.resolve("exit-" + i + ".ns"))
            .strip());
        exitToRow.add(DetectionLatencyBench.millisBetween(exited, exitedHeard.get(id)));
        Instant pass = passHeard.get(id);
        Instant hook = DetectionLatencyBench.nanosInstant(Files.readString(dir.resolve("hook-" + id + ".ns"))
            .strip());
        toHook.add(DetectionLatencyBench.millisBetween(pass, hook));
        for (Delivery d : lifecycle.deliveries(id)) {
          if (d.target() instanceof HookTarget.Webhook) {
            if (d.status() != Delivery.Status.DELIVERED) {
              throw new IllegalStateException("delivery " + d.id() + " is " + d.status() + ": " + d.lastError());
            }
            toHttp.add(DetectionLatencyBench.millisBetween(pass, posted.get(d.id())));
          }
        }
      }
      System.out.println("exit -> row (EXITED committed, the ceiling): " + Spread.of(exitToRow));
      System.out.println("COMPLETED committed -> hook command started:  " + Spread.of(toHook));
      System.out.println("COMPLETED committed -> HTTP request received: " + Spread.of(toHttp));
    } finally {
      server.stop(0);
      try {
        tmux.killServer();
      } catch (RuntimeException e) {
        // nothing more to do for a private server
      }
      Files.deleteIfExists(tmux.socketPath());
      tmux.close();
      DetectionLatencyBench.deleteTree(dir);
    }
    System.out.println("load average after: " + DetectionLatencyBench.loadAverage());
    System.exit(0);
  }
}
