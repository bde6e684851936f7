package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.JobId;
import dev.lifeline.JobSpec;
import dev.lifeline.Transition;
import dev.lifeline.testing.LifecycleHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code run}, its live view and {@code demo} print as jobs move: one line per transition and notice, heard
 * through the lifecycle's one listener, with every name, detail, message and path made {@link Printable}.
 */
class LiveOutputPrintsSafelyTest {

  private static final String NAME = SafePrintingTest.HOSTILE.replace("\u0000", "");
  private static final Terminal PLAIN = new Terminal(false, false);

  private static void noControlCharacters(String text) {
    for (String line : text.split("\n", -1)) {
      assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e
          || c == 0x2066 || c == 0x2028).toArray()).as("control characters in %s", line).isEmpty();
    }
  }

  @Test
  void runPrintsOneLinePerTransitionAndPerNoticeWithTheHostileTextEscaped() {
    Cli cli = new Cli();
    cli.run("submit", "--name", NAME, "--", "true");
    cli.wiring.runtime.failLaunches("no such program: " + NAME);

    Cli.Result r = cli.run("run", "--once");

    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    List<Transition> history = cli.wiring.store.history(JobId.of(1));
    assertThat(history).extracting(t -> t.event().name()).containsExactly("SUBMIT", "START", "LOST");
    assertThat(lines.stream().filter(l -> l.contains(" START QUEUED -> PROCESSING attempt 1"))).singleElement()
        .satisfies(l -> assertThat(l).contains("evil\\nname\\r\\t\\x1b[31mred", "\\u202eoll", "é 日本 🚀"));
    assertThat(lines.stream().filter(l -> l.contains(" LOST PROCESSING -> FAILED attempt 1 LAUNCH_FAILED")))
        .singleElement().satisfies(l -> assertThat(l).contains("no such program: evil\\nname"));
    assertThat(lines.stream().filter(l -> l.contains(" notice: "))).singleElement()
        .satisfies(l -> assertThat(l).contains("evil\\nname"));
    assertThat(lines.stream().filter(l -> l.contains(" SUBMIT "))).as("run made no SUBMIT").isEmpty();
    noControlCharacters(r.out());
  }

  @Test
  void theLiveViewDrawsAHostileTitleNameAndSessionEscaped() {
    LifecycleHarness h = LifecycleHarness.create();
    h.submit(JobSpec.builder("true").name(NAME).build());
    h.tick();
    StringWriter screen = new StringWriter();
    RunOutput output = new RunOutput(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), PLAIN,
        true, null);
    LiveView view = new LiveView(h.lifecycle(), output, new PrintWriter(screen), PLAIN, h.clock(),
        "lifeline run  /tmp/" + NAME + ".db");

    view.draw();

    String frame = screen.toString();
    assertThat(frame).startsWith("\u001b[H\u001b[2J");
    String drawn = frame.substring("\u001b[H\u001b[2J".length());
    assertThat(drawn.lines().findFirst()).get().asString().contains("/tmp/evil\\nname\\r\\t\\x1b[31mred");
    assertThat(drawn).contains("PROCESSING", "evil\\nname");
    noControlCharacters(drawn);
  }

  @Test
  void theDemoPrinterHearsTheLifecycleOnceAndPrintsEachLineEscaped() {
    StringWriter printed = new StringWriter();
    DemoCommand.Printer printer = new DemoCommand.Printer(new PrintWriter(printed), PLAIN, Instant.now());
    LifecycleHarness h = LifecycleHarness.builder().lifecycle(l -> l.listener(printer)).build();
    JobId id = h.submit(JobSpec.builder("true").name(NAME).build()).id();
    h.tick();
    h.advance(Duration.ofSeconds(10)).vanish(id);
    h.tick(2);

    List<String> lines = printed.toString().lines().toList();
    assertThat(lines).as("START, a SessionMissing notice per pass, LOST; SUBMIT is the tour's own line")
        .hasSize(4);
    assertThat(lines.get(0)).contains("START", "evil\\nname\\r\\t\\x1b[31mred", "\\u202eoll");
    assertThat(lines.get(1)).contains("notice: ");
    assertThat(lines.get(3)).contains("LOST", "SESSION_LOST");
    noControlCharacters(printed.toString());
  }
}
