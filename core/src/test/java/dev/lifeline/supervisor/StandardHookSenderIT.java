package dev.lifeline.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.Delivery;
import dev.lifeline.HookTarget;
import dev.lifeline.Job;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.JobState;
import dev.lifeline.internal.supervisor.StandardHookSender;
import dev.lifeline.spi.HookSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard sender against real processes and a real loopback HTTP server. */
class StandardHookSenderIT {

  private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

  @TempDir
  Path dir;

  private final HookSender sender = new StandardHookSender(Duration.ofSeconds(2), Duration.ofSeconds(1),
      (d, j) -> "{\"id\":" + d.id() + "}");
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> headers = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private Job job(String cwd) {
    return Job.queued(JobId.of(7), JobSpec.builder("true").name("build").group("nightly").cwd(cwd).build(), null, T);
  }

  private static Delivery delivery(HookTarget target) {
    return new Delivery(42, JobId.of(7), 2, JobState.PROCESSING, JobState.VERIFICATION, JobEvent.EXITED, null, 3,
        "job", target, Delivery.Status.PENDING, 0, T, null, T, null);
  }

  @Test
  void aCommandGetsItsArgvExactlyWithNoShellReadingIt() throws Exception {
    Path out = dir.resolve("argv.txt");
    sender.send(delivery(HookTarget.command("sh", "-c", "printf '%s\\n' \"$@\" > '" + out + "'", "sh",
        "a b", "$HOME", "*", "; rm -rf /", "")), Optional.empty());

    assertThat(Files.readAllLines(out)).containsExactly("a b", "$HOME", "*", "; rm -rf /", "");
  }

  @Test
  void aCommandGetsTheChangeInItsEnvironmentAndRunsInTheJobsDirectory() throws Exception {
    Path cwd = Files.createDirectory(dir.resolve("job dir"));
    sender.send(delivery(HookTarget.command("sh", "-c", "env | grep ^LIFELINE_ | sort > env.txt; pwd > pwd.txt")),
        Optional.of(job(cwd.toString())));

    assertThat(Files.readAllLines(cwd.resolve("env.txt"))).containsExactly("LIFELINE_ATTEMPT=2",
        "LIFELINE_DELIVERY_ID=42", "LIFELINE_EVENT=EXITED", "LIFELINE_EXIT_CODE=3", "LIFELINE_FROM_STATE=PROCESSING",
        "LIFELINE_GROUP=nightly", "LIFELINE_JOB_ID=7", "LIFELINE_JOB_NAME=build", "LIFELINE_REASON=",
        "LIFELINE_STATE=VERIFICATION");
    assertThat(Files.readString(cwd.resolve("pwd.txt")).strip()).isEqualTo(cwd.toRealPath().toString());
  }

  @Test
  void aJobWhoseDirectoryIsGoneHasItsHookRunWhereTheSupervisorRuns() throws Exception {
    Path out = dir.resolve("pwd.txt");
    sender.send(delivery(HookTarget.command("sh", "-c", "pwd > '" + out + "'")),
        Optional.of(job(dir.resolve("gone").toString())));

    assertThat(Files.readString(out).strip()).isEqualTo(Path.of("").toAbsolutePath().toRealPath().toString());
  }

  @Test
  void aCommandThatExitsNonZeroFailsTheTryNamingTheCode() {
    assertThatThrownBy(() -> sender.send(delivery(HookTarget.command("sh", "-c", "exit 3")), Optional.empty()))
        .isInstanceOf(IOException.class).hasMessage("the hook command sh exited with code 3");
  }

  @Test
  void aMissingProgramFailsTheTryInOneSentence() {
    assertThatThrownBy(() -> sender.send(delivery(HookTarget.command(dir.resolve("nope").toString())),
        Optional.empty())).isInstanceOf(IOException.class).hasMessageContaining("could not be started")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aCommandThatRunsTooLongIsKilledWithItsChildren() throws Exception {
    Path pid = dir.resolve("child.pid");
    assertThatThrownBy(() -> sender.send(delivery(HookTarget.command("sh", "-c",
        "sleep 60 & echo $! > '" + pid + "'; wait")), Optional.empty()))
        .isInstanceOf(IOException.class).hasMessage("the hook command sh did not finish within 2.0s and was killed");

    long child = Long.parseLong(Files.readString(pid).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    if (h.isPresent()) {
      assertThat(h.get().onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }
  }

  private String serve(int status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      headers.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Lifeline-Delivery")
          + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
      if (status == 0) {
        try {
          release.await(10, TimeUnit.SECONDS); // never answers in time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (status == 302) {
        exchange.getResponseHeaders().add("Location", "/elsewhere");
      }
      exchange.sendResponseHeaders(status == 0 ? 200 : status, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @Test
  void aWebhookPostsTheBodyWithTheDeliveryHeaderAndA2xxDelivers() throws Exception {
    String url = serve(204);

    sender.send(delivery(HookTarget.webhook(url)), Optional.empty());

    assertThat(headers).containsExactly("POST 42 application/json");
    assertThat(bodies).containsExactly("{\"id\":42}");
  }

  @Test
  void aWebhookAnsweringOutside2xxFailsTheTryAndARedirectIsNotFollowed() throws Exception {
    for (int status : new int[] {500, 404, 302}) {
      String url = serve(status);
      assertThatThrownBy(() -> sender.send(delivery(HookTarget.webhook(url)), Optional.empty()))
          .isInstanceOf(IOException.class).hasMessage("the webhook " + url + " answered HTTP " + status);
      server.stop(0);
    }
    assertThat(headers).hasSize(3);
  }

  @Test
  void aWebhookNobodyListensOnOrThatNeverAnswersFailsTheTryInOneSentence() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    String closed = "http://127.0.0.1:" + free + "/hook";
    assertThatThrownBy(() -> sender.send(delivery(HookTarget.webhook(closed)), Optional.empty()))
        .isInstanceOf(IOException.class).hasMessageStartingWith("the webhook " + closed + " could not be reached")
        .hasMessageNotContaining("\n");

    String slow = serve(0);
    assertThatThrownBy(() -> sender.send(delivery(HookTarget.webhook(slow)), Optional.empty()))
        .isInstanceOf(IOException.class).hasMessage("the webhook " + slow + " did not answer within 1.0s");
  }

  @Test
  void theDefaultBodyIsJsonWithTheDeliveryAndTheJobEscaped() {
    Job job = Job.queued(JobId.of(7), JobSpec.builder("true").name("say \"hi\"\n").build(), null, T);

    String body = StandardHookSender.defaultBody(
        delivery(HookTarget.command("x")), Optional.of(job));

    assertThat(body).startsWith("{\"delivery\":{\"id\":42,\"jobId\":7,\"attempt\":2,\"from\":\"PROCESSING\"")
        .contains("\"name\":\"say \\\"hi\\\"\\n\"").contains("\"state\":\"QUEUED\"").endsWith("}}");
  }
}
