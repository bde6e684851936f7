package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): a job submitted to the store appears on the open jobs page and its row moves from QUEUED
 * to COMPLETED as the supervisor runs it, without a reload; its hostile name is shown as text and never runs; its
 * page shows the timeline picture with one bar per state. Screenshots go to {@code target/}. Skipped with one line
 * where no Chromium is installed, but never under {@code CI=true}.
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.bin", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getProperty("chromedriver.bin", "/usr/bin/chromedriver"));
  private static final String HOSTILE = "<script>window.PWN=1</script><img src=x onerror=window.PWN=1>";

  @TempDir
  Path dir;

  private final String socket = "lifeline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Map<String, String> env;
  private Dashboard dashboard;
  private WebDriver driver;
  private Path profile;

  @BeforeEach
  void browser() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    String why = "no " + CHROMIUM + " or " + DRIVER + ": apt-get install -y chromium chromium-driver (the dashboard's "
        + "browser test needs them)";
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(present, why);
    } else {
      Assumptions.assumeTrue(present, why);
    }
    Assumptions.assumeTrue(Proc.tmuxAvailable(), "tmux is not installed: the supervisor runs the job in tmux");
    env = Map.of("LIFELINE_DB", dir.resolve("jobs.db").toString(), "LIFELINE_SOCKET", socket);
    assertThat(RealCli.run(env, "group", "set", "default", "--max-concurrent", "none").code()).isZero();
    profile = Files.createTempDirectory("lifeline-chromium-profile");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
        "--no-sandbox", "--window-size=1280,800", "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    // An explicit driver path: Selenium Manager never starts, and nothing leaves the machine.
    driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
        options);
    dashboard = new Dashboard(new SqliteTmuxWiring(dir.resolve("jobs.db"), socket, "tmux"),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (dashboard != null) {
        dashboard.close();
      }
      Proc.killTmuxServer(socket);
      if (profile != null) {
        try (var files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void aJobMovesFromQueuedToCompletedOnTheOpenPageAndItsPageShowsOneBarPerState() throws Exception {
    String base = "http://127.0.0.1:" + dashboard.port();
    driver.get(base + "/");
    // The pages re-render on every change, so an element found a moment ago may be replaced: waits look again.
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));

    assertThat(RealCli.run(env, "submit", "--name", HOSTILE, "--verify-cmd", "true", "--", "sh", "-c", "sleep 1")
        .code()).isZero();
    wait.until(d -> !d.findElements(By.cssSelector("#job-1 .state")).isEmpty());
    String first = text(wait, "#job-1 .state");
    CompletableFuture<Cli.Result> supervisor = CompletableFuture.supplyAsync(() -> RealCli.run(env, "run",
        "--until-idle", "--poll", "200ms"));
    wait.until(d -> d.findElement(By.cssSelector("#job-1 .state")).getText().equals("COMPLETED"));

    assertThat(first).isEqualTo("QUEUED");
    assertThat(supervisor.get(60, TimeUnit.SECONDS).code()).isZero();
    assertThat(text(wait, "#job-1 .name")).isEqualTo(HOSTILE);
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat(js.executeScript("return window.PWN")).as("the job's name ran as script").isNull();
    assertThat(text(wait, "#counts .state-COMPLETED")).isEqualTo("COMPLETED 1");
    screenshot("dashboard-jobs.png");

    driver.get(base + "/jobs/1");
    List<String> states = wait.until(d -> {
      List<String> bars = d.findElements(By.cssSelector("#timeline svg rect.bar")).stream()
          .map((WebElement e) -> e.getAttribute("data-state")).toList();
      return bars.size() == 4 ? bars : null;
    });
    assertThat(states).containsExactly("QUEUED", "PROCESSING", "VERIFICATION", "COMPLETED");
    assertThat(text(wait, "#title")).contains(HOSTILE).contains("COMPLETED");
    Boolean fourRows = wait.until(d -> d.findElements(By.cssSelector("#history tbody tr")).size() == 4);
    assertThat(fourRows).as("the history's four rows").isTrue();
    assertThat(js.executeScript("return window.PWN")).as("the job's page ran its name").isNull();
    screenshot("dashboard-job.png");
  }

  /** The text of the element {@code css} names, looked up again if the page replaced it meanwhile. */
  private static String text(WebDriverWait wait, String css) {
    return wait.until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  private void screenshot(String name) throws Exception {
    Path target = Files.createDirectories(Path.of("target"));
    Files.write(target.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
