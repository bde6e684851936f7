package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The printed-names family of issue 11: names, reasons and messages may hold newlines, escape sequences, bidi
 * controls and shell syntax. Tables and run lines print them escaped, one line per record; JSON keeps them exactly.
 */
class SafePrintingTest {

  /** Every kind of character that could break a line or drive a terminal, among harmless text. */
  static final String HOSTILE = "evil\nname\r\t\u001b[31mred\u001b]0;title\u0007\u202eoll\u2066x\u0085y\u2028z"
      + "\u007f\u0000$(rm -rf ~); `id` é 日本 🚀";

  private final Cli cli = new Cli();

  @TempDir
  Path temp;

  /** The submit path refuses NUL, so a job name is HOSTILE without it. */
  private static final String NAME = HOSTILE.replace("\u0000", "");

  private static void noControlCharacters(String text) {
    for (String line : text.split("\n", -1)) {
      assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x202e
          || c == 0x2066 || c == 0x2028).toArray()).as("control characters in %s", line).isEmpty();
    }
  }

  @Test
  void printableEscapesEveryControlAndKeepsEveryLetter() {
    assertThat(Printable.of(HOSTILE)).isEqualTo("evil\\nname\\r\\t\\x1b[31mred\\x1b]0;title\\x07\\u202eoll"
        + "\\u2066x\\u0085y\\u2028z\\x7f\\x00$(rm -rf ~); `id` é 日本 🚀");
    assertThat(Printable.of("plain é 日本 🚀")).isEqualTo("plain é 日本 🚀");
    assertThat(Printable.of("lone \uD800 surrogate")).isEqualTo("lone \\ud800 surrogate");
    assertThat(Printable.of(null)).isNull();
  }

  @Test
  void listPrintsAHostileNameEscapedOnOneLine() {
    cli.run("submit", "--name", NAME, "--", "true");
    cli.run("submit", "--name", "second", "--", "true");

    for (boolean terminal : new boolean[] {false, true}) {
      cli.interactive = terminal;
      Cli.Result r = cli.run("list");

      assertThat(r.code()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).as("a header and two rows").hasSize(3);
      assertThat(lines.get(2)).contains("evil\\nname\\r\\t\\x1b[31mred", "\\u202eoll", "é 日本 🚀");
      if (!terminal) {
        noControlCharacters(r.out());
      }
    }
  }

  @Test
  void jsonKeepsTheHostileNameExactly() throws Exception {
    cli.run("submit", "--name", NAME, "--", "printf", HOSTILE.replace("\u0000", ""));

    Cli.Result r = cli.run("list", "--json");

    assertThat(new ObjectMapper().readTree(r.out()).get(0).get("name").asText()).isEqualTo(NAME);
    assertThat(r.out().replace("\n", "").chars().filter(c -> c < 0x20)).as("raw C0 controls in the JSON").isEmpty();
  }

  @Test
  void showPrintsAHostileReasonInTheTimelineOnOneLine() {
    cli.run("submit", "--name", "plain", "--", "true");

    Cli.Result cancelled = cli.run("cancel", "1", "--reason", NAME);
    Cli.Result r = cli.run("show", "1");

    assertThat(cancelled.code()).as(cancelled.err()).isZero();
    List<String> timeline = r.out().lines().dropWhile(l -> !l.startsWith("Timeline")).toList();
    assertThat(timeline).as("the title, the header and two transitions").hasSize(4);
    assertThat(timeline.get(3)).contains("CANCEL", "evil\\nname", "\\x1b[31mred", "\\u202eoll");
    noControlCharacters(String.join("\n", timeline));
  }

  @Test
  void runLinesAndTheLogFileHoldOneLinePerTransition() throws Exception {
    cli.run("submit", "--name", NAME, "--", "true");
    Path log = temp.resolve("run.log");

    Cli.Result r = cli.run("run", "--once", "--log", log.toString());

    assertThat(r.code()).as(r.err()).isZero();
    List<String> logged = Files.readAllLines(log);
    assertThat(logged.stream().filter(l -> l.contains(" START "))).singleElement()
        .satisfies(l -> assertThat(l).contains("evil\\nname", "\\u202eoll", "é 日本 🚀"));
    noControlCharacters(Files.readString(log));
    noControlCharacters(r.out());
    assertThat(r.out().lines().filter(l -> l.contains(" START "))).hasSize(1);
  }

  @Test
  void aParseErrorPrintsTheHostileArgumentEscaped() {
    Cli.Result r = cli.run("lis\u001b[2Jt");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("lis\\x1b[2Jt");
    noControlCharacters(r.err());
  }
}
