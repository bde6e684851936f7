package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeline serve}'s dashboard over HTTP on a real SQLite file: the JSON has the CLI's field names, every
 * response carries the CSP, hostile names stay text, a token is enforced, the event stream says when the store
 * changed, and nothing but GET is answered.
 */
class DashboardIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token-0123456789";

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private Map<String, String> env;
  private Dashboard dashboard;

  @BeforeEach
  void store() {
    env = Map.of("LIFELINE_DB", dir.resolve("jobs.db").toString(), "LIFELINE_SOCKET", socket);
    assertThat(cli("submit", "--name", "build", "--", "make").code()).isZero();
    assertThat(cli("submit", "--name", "<script>alert(1)</script>", "--group", "web", "--", "true").code()).isZero();
  }

  @AfterEach
  void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
    Proc.killTmuxServer(socket);
  }

  private Cli.Result cli(String... args) {
    return RealCli.run(env, args);
  }

  private String start(String token) throws Exception {
    dashboard = new Dashboard(new SqliteTmuxWiring(dir.resolve("jobs.db"), socket, "tmux"),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token);
    return "http://127.0.0.1:" + dashboard.port();
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theApiAnswersInTheClisJsonFieldNames() throws Exception {
    String base = start(null);

    JsonNode jobs = JSON.readTree(get(base + "/api/jobs").body());
    JsonNode one = JSON.readTree(get(base + "/api/jobs/1").body());
    JsonNode health = JSON.readTree(get(base + "/api/health").body());

    JsonNode listed = JSON.readTree(cli("list", "--json").out());
    assertThat(jobs).isEqualTo(listed);
    assertThat(names(jobs.get(0))).containsExactlyElementsOf(JobJson.JOB_FIELDS);
    assertThat(one).isEqualTo(JSON.readTree(cli("show", "1", "--json").out()));
    assertThat(names(health)).containsExactlyElementsOf(names(JSON.readTree(cli("health", "--json").out())));
    assertThat(health.get("counts").get("QUEUED").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(get(base + "/api/counts").body())).isEqualTo(health.get("counts"));
    assertThat(JSON.readTree(get(base + "/api/jobs?group=web").body())).hasSize(1);
    assertThat(JSON.readTree(get(base + "/api/jobs?name=BUI").body())).extracting(j -> j.get("name").asText())
        .containsExactly("build");
    assertThat(JSON.readTree(get(base + "/api/jobs?state=completed").body())).isEmpty();
    HttpResponse<String> bad = get(base + "/api/jobs?state=DONE");
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<String> missing = get(base + "/api/jobs/999");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("No job with id 999.");
  }

  @Test
  void everyResponseCarriesTheCspAndAHostileNameStaysText() throws Exception {
    String base = start(null);

    for (String path : List.of("/", "/health", "/jobs/2", "/static/app.js", "/static/app.css", "/api/jobs",
        "/api/jobs/2", "/api/jobs/2/timeline.svg", "/api/health", "/api/counts", "/nowhere", "/jobs/x")) {
      HttpResponse<String> r = get(base + path);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(Dashboard.CSP);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
    assertThat(get(base + "/nowhere").statusCode()).isEqualTo(404);
    HttpResponse<String> page = get(base + "/");
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "text/html"));
    assertThat(page.body()).doesNotContain("alert(1)").contains("<script src=\"/static/app.js\" defer></script>");
    assertThat(get(base + "/static/app.js").body()).contains("textContent").doesNotContain("innerHTML");
    HttpResponse<String> svg = get(base + "/api/jobs/2/timeline.svg");
    assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
    assertThat(svg.body()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("class=\"bar\"");
    assertThat(JSON.readTree(get(base + "/api/jobs/2").body()).get("name").asText())
        .isEqualTo("<script>alert(1)</script>");
  }

  @Test
  void withATokenEveryRequestNeedsItByHeaderOrByTheCookieTheOneTimeLinkSets() throws Exception {
    String base = start(TOKEN);

    assertThat(get(base + "/").statusCode()).isEqualTo(401);
    assertThat(get(base + "/api/jobs").statusCode()).isEqualTo(401);
    assertThat(get(base + "/api/jobs", "Authorization", "Bearer wrong-token-0123456789").statusCode())
        .isEqualTo(401);
    assertThat(get(base + "/api/jobs?token=" + TOKEN).statusCode()).as("an API call does not take the link")
        .isEqualTo(401);
    assertThat(get(base + "/api/jobs", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

    HttpResponse<String> link = get(base + "/?token=" + TOKEN);
    assertThat(link.statusCode()).isEqualTo(303);
    assertThat(link.headers().firstValue("Location")).hasValue("/");
    String cookie = link.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    String pair = cookie.substring(0, cookie.indexOf(';'));
    assertThat(get(base + "/health", "Cookie", pair).statusCode()).isEqualTo(200);
    assertThat(get(base + "/api/health", "Cookie", "lifeline_token=nope").statusCode()).isEqualTo(401);
    assertThat(get(base + "/?token=wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void theEventStreamSaysChangeWhenAnotherProcessCommits() throws Exception {
    String base = start(null);
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
    BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(nextEvent(lines)).as("a stream starts with a change, so a page loads at once").isEqualTo("change");

    assertThat(cli("submit", "--name", "late", "--", "true").code()).isZero();

    assertThat(nextEvent(lines)).isEqualTo("change");
    stream.body().close();
  }

  /** The next event's name, skipping keep-alive comments; bounded so a silent stream fails instead of hanging. */
  private static String nextEvent(BufferedReader lines) throws Exception {
    CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("event: ")) {
            return line.substring(7);
          }
        }
        return null;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return next.get(30, TimeUnit.SECONDS);
  }

  @Test
  void onlyGetIsAnswered() throws Exception {
    String base = start(null);

    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(JSON.readTree(cli("list", "--json").out())).hasSize(2);
  }

  @Test
  void serveRefusesAnAddressOtherThanLoopbackWithoutATokenAndBadValues() {
    Cli.Result open = cli("serve", "--listen", "0.0.0.0:0");
    Cli.Result shortToken = cli("serve", "--token", "short");
    Cli.Result badListen = cli("serve", "--listen", "localhost:http");

    assertThat(open.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(open.err()).contains("is not a loopback address: give --token too");
    assertThat(shortToken.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badListen.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badListen.err()).contains("--listen takes HOST:PORT");
  }
}
