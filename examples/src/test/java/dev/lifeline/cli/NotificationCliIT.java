package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications through the real CLI, on a real SQLite file and real tmux (a private socket): the README's Workflows
 * pipeline with a dependency, a group limit and a notification; a webhook posted to a loopback HTTP server in this
 * test; {@code hook add/list/remove}; and a hook given up making {@code health} exit 6.
 */
class NotificationCliIT {

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Map<String, String> env;
  private HttpServer server;
  private final List<Received> posts = new CopyOnWriteArrayList<>();

  private record Received(String method, String path, String delivery, String contentType, String body) {}

  @BeforeEach
  void needsTmux() {
    assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: this test runs jobs in tmux");
    env = Map.of("LIFELINE_DB", dir.resolve("flow.db").toString(), "LIFELINE_SOCKET", socket);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    Proc.killTmuxServer(socket);
  }

  private Cli.Result cli(String... args) {
    return RealCli.run(env, args);
  }

  private String ok(String... args) {
    Cli.Result r = cli(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out().strip();
  }

  /** A loopback HTTP server that records each request and answers {@code status}. */
  private String serve(int status) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      posts.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("X-Lifeline-Delivery"),
          exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/lifeline";
  }

  @Test
  void theReadmePipelineRunsInOrderUnderItsGroupLimitAndTellsTheHookHowItEnded() throws Exception {
    Path envFile = dir.resolve("notified.env");
    Path marker = dir.resolve("ran");
    ok("group", "set", "gpu", "--max-concurrent", "1");
    String fetch = ok("submit", "--name", "fetch", "--", "sh", "-c", "echo fetch >> '" + marker + "'");
    String train = ok("submit", "--name", "train", "--group", "gpu", "--after", fetch, "--", "sh", "-c",
        "echo train >> '" + marker + "'");
    String tune = ok("submit", "--name", "tune", "--group", "gpu", "--after", fetch, "--", "sh", "-c",
        "echo tune >> '" + marker + "'");
    String report = ok("submit", "--name", "report", "--after", train + "," + tune,
        "--on-finish", "[\"sh\",\"-c\",\"env | grep ^LIFELINE_ | sort > '" + envFile + "'\"]", "--", "sh", "-c",
        "echo report >> '" + marker + "'");

    ok("run", "--until-idle", "--poll", "200ms", "--max-concurrent", "4");
    assertThat(ok("wait", report, "--timeout", "10s")).contains(report);

    List<String> ran = Files.readAllLines(marker);
    assertThat(ran.get(0)).isEqualTo("fetch");
    assertThat(ran.subList(1, 3)).containsExactlyInAnyOrder("train", "tune");
    assertThat(ran.get(3)).isEqualTo("report");
    JsonNode jobs = new ObjectMapper().readTree(ok("list", "--json"));
    assertThat(startedAfterFinished(jobs, train, tune) || startedAfterFinished(jobs, tune, train))
        .as("the gpu group ran one job at a time: %s", jobs).isTrue();
    // run --until-idle returned only after the delivery ran: the file is there now.
    assertThat(Files.readAllLines(envFile)).contains("LIFELINE_JOB_ID=" + report, "LIFELINE_STATE=COMPLETED",
        "LIFELINE_EVENT=PASS", "LIFELINE_EXIT_CODE=0", "LIFELINE_JOB_NAME=report")
        .anyMatch(l -> l.startsWith("LIFELINE_DELIVERY_ID="));
    String shown = ok("show", report);
    assertThat(shown).contains("Notifications").contains("PASS -> COMPLETED").contains("delivered");
  }

  @Test
  void theReadmesWorkflowScriptRunsToItsEndAndItsNotificationArrives() throws Exception {
    Path work = dir.resolve("script");

    Proc.Result r = Proc.run(Proc.repoRoot(), Map.of(), java.time.Duration.ofSeconds(240),
        List.of("bash", "examples/workflow.sh", work.toString()));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Job 4: COMPLETED").contains("waiting on 2, 3").contains("Notifications");
    assertThat(Files.readAllLines(work.resolve("report.txt"))).containsExactly("1000", "tuned");
    assertThat(Files.readAllLines(work.resolve("notified.txt"))).containsExactly("job 4 COMPLETED exit 0");
  }

  private static boolean startedAfterFinished(JsonNode jobs, String first, String second) {
    return java.time.Instant.parse(job(jobs, second).get("startedAt").asText())
        .compareTo(java.time.Instant.parse(job(jobs, first).get("finishedAt").asText())) >= 0;
  }

  private static JsonNode job(JsonNode jobs, String id) {
    for (JsonNode j : jobs) {
      if (j.get("id").asText().equals(id)) {
        return j;
      }
    }
    throw new AssertionError("no job " + id + " in " + jobs);
  }

  @Test
  void aWebhookIsPostedToALoopbackServerWithItsDeliveryIdAndTheJobsJson() throws Exception {
    String url = serve(204);
    String hook = ok("hook", "add", "--on", "FINISH", "--url", url);
    String id = ok("submit", "--name", "hooked", "--", "true");

    ok("run", "--until-idle", "--poll", "200ms");

    assertThat(posts).hasSize(1);
    Received post = posts.get(0);
    JsonNode shown = new ObjectMapper().readTree(ok("show", id, "--json"));
    JsonNode delivery = shown.get("deliveries").get(0);
    assertThat(shown.get("deliveries")).hasSize(1);
    assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("source").asText()).isEqualTo("hook " + hook);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/lifeline");
    assertThat(post.contentType()).startsWith("application/json");
    assertThat(post.delivery()).isEqualTo(delivery.get("id").asText());
    JsonNode body = new ObjectMapper().readTree(post.body());
    assertThat(body.get("delivery").get("id").asText()).isEqualTo(post.delivery());
    assertThat(body.get("job").get("id").asText()).isEqualTo(id);
    assertThat(body.get("job").get("name").asText()).isEqualTo("hooked");
    assertThat(body.get("job").get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void hooksAreAddedListedAndRemovedAndAnUnknownOneExitsFour() {
    assertThat(cli("hook", "list").code()).as("a read on a missing database").isEqualTo(ExitCodes.STORE);
    assertThat(dir.resolve("flow.db")).as("hook list creates nothing").doesNotExist();
    ok("group", "set", "nightly", "--max-concurrent", "2");
    assertThat(ok("hook", "list")).startsWith("No hooks yet");
    String first = ok("hook", "add", "--on", "FAILED", "--", "notify-send", "a job failed");
    String second = ok("hook", "add", "--on", "CANCEL", "--group", "nightly", "--url", "http://127.0.0.1:9/x");

    String listed = ok("hook", "list");
    assertThat(listed).contains("FAILED").contains("notify-send").contains("CANCEL").contains("nightly")
        .contains("http://127.0.0.1:9/x");

    assertThat(cli("hook", "remove", first).code()).isZero();
    assertThat(ok("hook", "list")).doesNotContain("notify-send").contains("nightly");
    Cli.Result again = cli("hook", "remove", first);
    assertThat(again.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(again.err()).contains("There is no hook " + first);
    assertThat(cli("hook", "add", "--on", "SOMETIMES", "--", "true").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ok("hook", "list")).contains(second);
  }

  @Test
  void aHookThatKeepsFailingIsGivenUpShownWithItsErrorAndMakesHealthExitSix() throws Exception {
    String url = serve(500);
    String id = ok("submit", "--on-finish", url, "--on-state", "PROCESSING:false", "--", "true");

    ok("run", "--until-idle", "--poll", "200ms", "--hook-tries", "1");

    assertThat(posts).hasSize(1);
    JsonNode deliveries = new ObjectMapper().readTree(ok("show", id, "--json")).get("deliveries");
    assertThat(deliveries).hasSize(2);
    for (JsonNode d : deliveries) {
      assertThat(d.get("status").asText()).isEqualTo("FAILED");
      assertThat(d.get("tries").asInt()).isEqualTo(1);
    }
    assertThat(deliveries.get(0).get("lastError").asText()).contains("false").contains("exited with code 1");
    assertThat(deliveries.get(1).get("lastError").asText()).contains("500");
    assertThat(ok("show", id)).contains("given up after 1 try");

    Cli.Result health = cli("health", "--json");
    assertThat(health.code()).isEqualTo(ExitCodes.UNHEALTHY);
    JsonNode h = new ObjectMapper().readTree(health.out());
    assertThat(h.get("notifications").get("failed").asLong()).isEqualTo(2);
    assertThat(h.get("notifications").get("undelivered").asLong()).isZero();
    assertThat(cli("health").out()).contains("notifications: 0 undelivered, 2 given up");
  }
}
