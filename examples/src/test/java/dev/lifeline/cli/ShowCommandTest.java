package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.EventContext;
import dev.lifeline.JobEvent;
import dev.lifeline.JobId;
import dev.lifeline.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShowCommandTest {

  private final Cli cli = new Cli();

  /** Job 1: fails with exit 2 after 30 s, is retried, then completes. */
  private void retriedJob() {
    cli.run("submit", "--name", "build", "--max-attempts", "2", "--verify-file", "out.txt", "--", "make");
    Lifecycle lc = cli.wiring.lifecycle();
    cli.wiring.clock.advance(Duration.ofSeconds(1));
    lc.startNext(1);
    cli.wiring.clock.advance(Duration.ofSeconds(30));
    lc.fire(JobId.of(1), JobEvent.EXITED, EventContext.exitCode(2));
    lc.fire(JobId.of(1), JobEvent.RETRY, EventContext.none().withOverride(true));
    lc.startNext(1);
    cli.wiring.clock.advance(Duration.ofMinutes(2));
    lc.fire(JobId.of(1), JobEvent.EXITED, EventContext.exitCode(0));
    lc.fire(JobId.of(1), JobEvent.PASS, EventContext.detail("out.txt exists"));
  }

  @Test
  void showPrintsTheJobAndATimelineWithDurations() {
    retriedJob();

    Cli.Result r = cli.run("show", "1");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Job 1").contains("build").contains("COMPLETED").contains("attempt 2/2")
        .contains("command    make").contains("verify     file out.txt exists").contains("Timeline");
    List<String> timeline = r.out().lines().dropWhile(l -> !l.startsWith("Timeline")).skip(2).toList();
    assertThat(timeline).hasSize(7);
    assertThat(timeline.get(0)).contains("2026-01-01 00:00:00Z").contains("SUBMIT").contains("QUEUED");
    assertThat(timeline.get(1)).contains("+1.0s").contains("START").contains("QUEUED -> PROCESSING");
    assertThat(timeline.get(2)).contains("+30.0s").contains("EXITED").contains("PROCESSING -> FAILED")
        .contains("EXIT_CODE: exited with code 2");
    assertThat(timeline.get(5)).contains("+2m00s").contains("PROCESSING -> VERIFICATION");
    assertThat(timeline.get(6)).contains("PASS").contains("VERIFICATION -> COMPLETED").contains("out.txt exists");
  }

  @Test
  void showOfAnActiveJobSaysHowLongItHasBeenInItsState() {
    cli.run("submit", "--", "sleep", "100");
    cli.wiring.lifecycle().startNext(1);
    cli.wiring.clock.advance(Duration.ofSeconds(42));

    assertThat(cli.run("show", "1").out()).contains("42.0s in PROCESSING so far");
  }

  @Test
  void showJsonAddsTheHistoryWithTheDesignFields() throws Exception {
    retriedJob();

    Cli.Result r = cli.run("show", "1", "--json");

    assertThat(r.code()).isZero();
    JsonNode job = new ObjectMapper().readTree(r.out());
    List<String> names = new ArrayList<>();
    job.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(concat(JobJson.JOB_FIELDS, "history", "deliveries"));
    JsonNode history = job.get("history");
    assertThat(history).hasSize(7);
    List<String> entryFields = new ArrayList<>();
    history.get(0).fieldNames().forEachRemaining(entryFields::add);
    assertThat(entryFields).containsExactly("from", "to", "event", "attempt", "reason", "detail", "actor", "at");
    assertThat(history.get(0).get("from").isNull()).isTrue();
    assertThat(history.get(0).get("event").asText()).isEqualTo("SUBMIT");
    assertThat(history.get(2).get("reason").asText()).isEqualTo("EXIT_CODE");
    assertThat(history.get(2).get("to").asText()).isEqualTo("FAILED");
    assertThat(history.get(3).get("event").asText()).isEqualTo("RETRY");
    assertThat(history.get(6).get("at").asText()).isEqualTo("2026-01-01T00:02:31Z");
    assertThat(job.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(job.get("attempt").asInt()).isEqualTo(2);
  }

  /** The picture the README shows: {@code docs/timeline.svg}, regenerated with {@code -Dlifeline.write-docs=true}. */
  private static final java.nio.file.Path README_PICTURE = java.nio.file.Path.of("..", "docs", "timeline.svg");

  @Test
  void showSvgDrawsTheTimelineTheReadmeShows() throws Exception {
    retriedJob();

    Cli.Result r = cli.run("show", "1", "--svg", "-");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
        .contains("data-state=\"FAILED\" data-attempt=\"1\"").contains("data-state=\"COMPLETED\" data-attempt=\"2\"")
        .contains(">EXIT_CODE</text>");
    assertThat(r.out().split("class=\"bar\"", -1)).hasSize(8); // 7 bars: Q P F on attempt 1, Q P V C on 2
    if (Boolean.getBoolean("lifeline.write-docs")) {
      java.nio.file.Files.writeString(README_PICTURE, r.out());
    }
    assertThat(java.nio.file.Files.readString(README_PICTURE)).as("docs/timeline.svg is what show --svg draws now "
        + "(regenerate: mvn -pl examples test -Dtest=ShowCommandTest -Dlifeline.write-docs=true)").isEqualTo(r.out());
  }

  @Test
  void showSvgWritesAFileAndSaysSoOnStderr(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    retriedJob();
    java.nio.file.Path file = dir.resolve("job-1.svg");

    Cli.Result r = cli.run("show", "1", "--svg", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).isEqualTo("Wrote the timeline of job 1 to " + file + ".");
    assertThat(java.nio.file.Files.readString(file)).contains("Job 1 build: COMPLETED");
  }

  @Test
  void showSvgToAPlaceThatCannotBeWrittenIsOneSentenceAndJsonWithSvgIsAUsageError(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    retriedJob();

    Cli.Result bad = cli.run("show", "1", "--svg", dir.resolve("no/such/dir/x.svg").toString());
    Cli.Result both = cli.run("show", "1", "--svg", "-", "--json");

    assertThat(bad.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(bad.err().strip()).startsWith("The timeline cannot be written to ").doesNotContain("\n");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("show takes --json or --svg, not both");
  }

  @Test
  void anUnknownIdIsExitFourWithOneSentence() {
    Cli.Result r = cli.run("show", "99");

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err().strip()).isEqualTo("No job with id 99.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anIdThatIsNotANumberIsAUsageError() {
    Cli.Result r = cli.run("show", "abc");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'abc' is not a job id");
  }

  @Test
  void showNeverWrites() {
    retriedJob();
    int before = cli.wiring.writeOpens;

    cli.run("show", "1");
    cli.run("show", "1", "--json");

    assertThat(cli.wiring.writeOpens).isEqualTo(before);
  }

  private static List<String> concat(List<String> a, String... more) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(more));
    return out;
  }
}
